import type { Writable } from 'node:stream';
import { UsageError, type CliCommand } from '../cli-command.ts';

const USAGE =
  'modelwatch query "SQL" [--format F] [--param name=value]...\n' +
  '  posts SQL to the SQL endpoint (MODELWATCH_CLICKHOUSE_URL, or http://$MODELWATCH_SQL_HOST:$MODELWATCH_SQL_PORT,\n' +
  '  default http://127.0.0.1:8123) as MODELWATCH_CLICKHOUSE_USER / MODELWATCH_CLICKHOUSE_PASSWORD;\n' +
  '  --format defaults to PrettyCompact on a terminal and TabSeparated otherwise; a FORMAT clause in SQL wins;\n' +
  '  --param id=42 binds {id:UInt32} in SQL; "-" reads SQL from standard input';

interface QueryArgs {
  readonly sql: string;
  readonly format: string | undefined;
  readonly params: ReadonlyArray<readonly [string, string]>;
}

function parseArgs(args: readonly string[]): QueryArgs {
  let sql: string | undefined;
  let format: string | undefined;
  const params: Array<readonly [string, string]> = [];
  let optionsDone = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (optionsDone || !arg.startsWith('--') || arg === '-') {
      if (sql !== undefined) throw new UsageError(`one SQL statement, in quotes; unexpected argument "${arg.slice(0, 40)}"`);
      sql = arg;
      continue;
    }
    if (arg === '--') {
      optionsDone = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
    if (name !== 'format' && name !== 'param') throw new UsageError(`unknown option --${name}; the options are --format and --param`);
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    if (name === 'format') {
      if (!/^[A-Za-z][A-Za-z0-9]*$/.test(value)) throw new UsageError(`--format "${value}" is not a ClickHouse format name`);
      format = value;
    } else {
      const split = value.indexOf('=');
      const param = split > 0 ? value.slice(0, split) : '';
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(param)) throw new UsageError(`--param takes name=value, with a name of letters, digits and "_"; got "${value.slice(0, 40)}"`);
      params.push([param, value.slice(split + 1)]);
    }
  }
  if (sql === undefined) throw new UsageError('say the SQL to run');
  return { sql, format, params };
}

/** The endpoint from the environment, with any user:password@ moved out of the URL. */
function endpoint(env: Readonly<Record<string, string | undefined>>): { url: URL; user: string | undefined; password: string | undefined } {
  const configured = env['MODELWATCH_CLICKHOUSE_URL'];
  let url: URL;
  try {
    url = new URL(configured || `http://${env['MODELWATCH_SQL_HOST'] || '127.0.0.1'}:${env['MODELWATCH_SQL_PORT'] || '8123'}`);
  } catch {
    throw new UsageError(configured ? 'MODELWATCH_CLICKHOUSE_URL is not a URL' : 'MODELWATCH_SQL_HOST / MODELWATCH_SQL_PORT do not make a URL');
  }
  const fromUrl = { user: url.username ? decodeURIComponent(url.username) : undefined, password: url.password ? decodeURIComponent(url.password) : undefined };
  url.username = '';
  url.password = '';
  return { url, user: env['MODELWATCH_CLICKHOUSE_USER'] || fromUrl.user, password: env['MODELWATCH_CLICKHOUSE_PASSWORD'] ?? fromUrl.password };
}

async function readAll(stream: AsyncIterable<unknown>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks).toString('utf8');
}

async function write(out: Writable, chunk: Uint8Array): Promise<void> {
  if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', resolve));
}

/** `modelwatch query "SQL"`: one statement through the SQL endpoint (or any ClickHouse HTTP interface). */
export const queryCommand: CliCommand = {
  name: 'query',
  summary: 'run one SQL statement through the SQL endpoint and print the answer',
  usage: USAGE,
  async run({ args, env, stdout, stderr }) {
    const parsed = parseArgs(args);
    const sql = parsed.sql === '-' ? await readAll(process.stdin) : parsed.sql;
    if (sql.trim() === '') throw new UsageError('the SQL is empty');
    const { url, user, password } = endpoint(env);
    const isTerminal = (stdout as Writable & { isTTY?: boolean }).isTTY === true;
    url.pathname = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
    url.searchParams.set('default_format', parsed.format ?? (isTerminal ? 'PrettyCompact' : 'TabSeparated'));
    for (const [name, value] of parsed.params) url.searchParams.set(`param_${name}`, value);
    const headers: Record<string, string> = { 'content-type': 'text/plain; charset=UTF-8' };
    if (user !== undefined || password !== undefined) {
      headers['x-clickhouse-user'] = user ?? 'default';
      headers['x-clickhouse-key'] = password ?? '';
    }

    let response: Response;
    try {
      response = await fetch(url, { method: 'POST', headers, body: sql });
    } catch (error) {
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : String(error);
      stderr.write(`cannot reach the SQL endpoint at ${url.origin}: ${cause}\n`);
      return 1;
    }
    if (response.status !== 200) {
      const text = await response.text();
      if (text.trim() === '') stderr.write(`the SQL endpoint at ${url.origin} answered HTTP ${response.status}\n`);
      else stderr.write(text.endsWith('\n') ? text : `${text}\n`);
      return 1;
    }
    if (response.body) {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) await write(stdout, chunk);
    }
    return 0;
  },
};
