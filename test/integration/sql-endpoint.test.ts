import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { hostname, networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { startSqlEndpoint, type SqlEndpoint } from '@modelwatch/sql-endpoint';
import { createLogger } from '@modelwatch/telemetry';
import { migrate, openWarehouse, RowBinaryWriter, type Warehouse } from '@modelwatch/warehouse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryCommand } from '../../packages/cli/src/commands/query.ts';

const execFileAsync = promisify(execFile);
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const ANALYST_PASSWORD = 'analyst-pw-7d1c';
const WRITER_PASSWORD = 'writer-pw-93aa';

interface CurlAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
  readonly text: string;
}

let scratch: string;
let curlCount = 0;

/** The real curl binary: status, headers (lower-case names) and body. */
async function curl(args: readonly string[]): Promise<CurlAnswer> {
  const n = curlCount++;
  const headersFile = join(scratch, `h${n}`);
  const bodyFile = join(scratch, `b${n}`);
  const { stdout } = await execFileAsync('curl', ['-sS', '-D', headersFile, '-o', bodyFile, '-w', '%{http_code}', ...args]);
  const rawHeaders = await readFile(headersFile, 'latin1');
  const lastBlock = rawHeaders.trim().split(/\r?\n\r?\n/).at(-1) ?? '';
  const headers: Record<string, string> = {};
  for (const line of lastBlock.split(/\r?\n/).slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const body = await readFile(bodyFile).catch(() => Buffer.alloc(0));
  return { status: Number(stdout), headers, body, text: body.toString('utf8') };
}

const q = (sql: string) => encodeURIComponent(sql);

function collecting(): { lines: string[]; log: ReturnType<typeof createLogger> } {
  const lines: string[] = [];
  return { lines, log: createLogger({ level: 'debug', write: (line) => void lines.push(line) }) };
}

describe('SQL endpoint: ClickHouse HTTP interface over embedded chDB', () => {
  let warehouse: Warehouse;
  let open: SqlEndpoint; // no users: default from loopback
  let secured: SqlEndpoint; // analyst (read-only) and writer
  let small: SqlEndpoint; // tiny body limit, listening on every interface
  const logs = collecting();
  const clients: ClickHouseClient[] = [];
  const client = (options: Parameters<typeof createClient>[0]) => {
    const c = createClient(options);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'sql-endpoint-test-'));
    warehouse = await openWarehouse({ database: 'modelwatch', dataDir: join(scratch, 'data') });
    await migrate(warehouse);
    await warehouse.client.command({
      query: `CREATE TABLE IF NOT EXISTS endpoint_test (id UInt32, name String, score Float64)
              ENGINE = MergeTree ORDER BY id SETTINGS non_replicated_deduplication_window = 100`,
    });
    open = await startSqlEndpoint({ warehouse, host: '127.0.0.1', port: 0, users: [], log: logs.log });
    secured = await startSqlEndpoint({
      warehouse,
      host: '127.0.0.1',
      port: 0,
      users: [
        { name: 'analyst', passwordSha256: sha256(ANALYST_PASSWORD), readonly: true },
        { name: 'writer', passwordSha256: sha256(WRITER_PASSWORD), readonly: false },
      ],
      log: logs.log,
    });
    small = await startSqlEndpoint({ warehouse, host: '0.0.0.0', port: 0, users: [], maxBodyBytes: 1000, log: logs.log });
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await Promise.all([open?.close(), secured?.close(), small?.close()]);
    await warehouse?.close();
    await rm(scratch, { recursive: true, force: true });
  });

  describe('with curl', () => {
    it('answers GET with the query in the URL, in TabSeparated, with ClickHouse headers', async () => {
      const answer = await curl([`${open.url}/?query=${q("SELECT 1 AS one, 'a' AS two")}`]);
      expect(answer.status).toBe(200);
      expect(answer.text).toBe('1\ta\n');
      expect(answer.headers['content-type']).toBe('text/tab-separated-values; charset=UTF-8');
      expect(answer.headers['x-clickhouse-format']).toBe('TabSeparated');
      expect(answer.headers['x-clickhouse-timezone']).toBe('UTC');
      expect(answer.headers['x-clickhouse-query-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(answer.headers['x-clickhouse-server-display-name']).toBe(hostname());
      expect(JSON.parse(answer.headers['x-clickhouse-summary'] ?? '{}')).toMatchObject({ read_rows: '1', written_rows: '0' });
    });

    it('takes the query from a POST body, honours FORMAT and query_id', async () => {
      const answer = await curl(['--data-binary', 'SELECT number AS n FROM numbers(3) FORMAT JSON', `${open.url}/?query_id=my-query-1`]);
      expect(answer.status).toBe(200);
      expect(answer.headers['content-type']).toBe('application/json; charset=UTF-8');
      expect(answer.headers['x-clickhouse-format']).toBe('JSON');
      expect(answer.headers['x-clickhouse-query-id']).toBe('my-query-1');
      const json = JSON.parse(answer.text) as { data: Array<{ n: number }>; rows: number };
      expect(json.rows).toBe(3);
      expect(json.data.map((r) => Number(r.n))).toEqual([0, 1, 2]);
    });

    it('binds param_ values in ClickHouse escaped form and honours default_format', async () => {
      const answer = await curl([
        `${open.url}/?query=${q('SELECT {x:UInt32} + 1 AS y, {s:String} AS s, length({s:String}) AS l, {ids:Array(String)} AS ids')}` +
          `&param_x=41&param_s=${q('a\\tb')}&param_ids=${q("['it\\'s','b']")}&default_format=JSONEachRow`,
      ]);
      expect(answer.status).toBe(200);
      expect(answer.headers['content-type']).toBe('application/x-ndjson; charset=UTF-8');
      expect(JSON.parse(answer.text)).toEqual({ y: 42, s: 'a\tb', l: 3, ids: ["it's", 'b'] });
    });

    it('authenticates with basic auth, and refuses a wrong password with 516 / 403', async () => {
      const ok = await curl(['-u', `analyst:${ANALYST_PASSWORD}`, `${secured.url}/?query=${q('SELECT currentDatabase()')}`]);
      expect([ok.status, ok.text]).toEqual([200, 'modelwatch\n']);
      const wrong = await curl(['-u', 'analyst:not-the-password', `${secured.url}/?query=${q('SELECT 1')}`]);
      expect(wrong.status).toBe(403);
      expect(wrong.headers['x-clickhouse-exception-code']).toBe('516');
      expect(wrong.text).toMatch(/^Code: 516\. DB::Exception: analyst: Authentication failed: password is incorrect, or there is no user with such name\. \(AUTHENTICATION_FAILED\) \(version [\d.]+\)\n$/);
      expect(wrong.text).not.toContain('not-the-password');
      const unknown = await curl(['-H', 'X-ClickHouse-User: mallory', '-H', 'X-ClickHouse-Key: x', `${secured.url}/?query=${q('SELECT 1')}`]);
      expect([unknown.status, unknown.headers['x-clickhouse-exception-code']]).toEqual([403, '516']);
      const params = await curl([`${secured.url}/?user=writer&password=${WRITER_PASSWORD}&query=${q('SELECT 2')}`]);
      expect([params.status, params.text]).toEqual([200, '2\n']);
      // Without users configured, the default user has no password, but one is needed here.
      const noCredentials = await curl([`${secured.url}/?query=${q('SELECT 1')}`]);
      expect([noCredentials.status, noCredentials.headers['x-clickhouse-exception-code']]).toEqual([403, '516']);
    });

    it('inserts a gzip body and compresses the response when asked', async () => {
      const gz = join(scratch, 'rows.tsv.gz');
      await writeFile(gz, gzipSync(Buffer.from('101\tcurl-a\t1.5\n102\tcurl-b\t2.5\n')));
      const insert = await curl([
        '-H',
        'Content-Encoding: gzip',
        '--data-binary',
        `@${gz}`,
        `${open.url}/?query=${q('INSERT INTO endpoint_test (id, name, score) FORMAT TabSeparated')}`,
      ]);
      expect(insert.status).toBe(200);
      expect(JSON.parse(insert.headers['x-clickhouse-summary'] ?? '{}')).toMatchObject({ written_rows: '2' });
      const gzipped = await curl(['-H', 'Accept-Encoding: gzip', `${open.url}/?enable_http_compression=1&query=${q('SELECT id, name FROM endpoint_test WHERE id > 100 ORDER BY id')}`]);
      expect(gzipped.headers['content-encoding']).toBe('gzip');
      expect((await import('node:zlib')).gunzipSync(gzipped.body).toString()).toBe('101\tcurl-a\n102\tcurl-b\n');
      const any = await curl(['--compressed', `${open.url}/?enable_http_compression=1&query=${q('SELECT count() FROM endpoint_test WHERE id > 100')}`]);
      expect(['br', 'gzip', 'deflate']).toContain(any.headers['content-encoding']);
      expect(any.text).toBe('2\n');
      const plain = await curl(['-H', 'Accept-Encoding: gzip', `${open.url}/?query=${q('SELECT 1')}`]);
      expect(plain.headers['content-encoding']).toBeUndefined();
    });

    it('applies database, and writes Native for the revision a client gives (clickhouse-go, Grafana)', async () => {
      const database = await curl(['-H', 'X-ClickHouse-Database: system', `${open.url}/?query=${q('SELECT count() FROM one')}`]);
      expect([database.status, database.text]).toEqual([200, '1\n']);
      const rev0 = await curl([`${open.url}/?query=${q('SELECT 1 AS x FORMAT Native')}`]);
      expect(rev0.body.toString('hex')).toBe('010101780555496e743801');
      const rev = await curl([`${open.url}/?query=${q('SELECT 1 AS x')}&default_format=Native&client_protocol_version=54460`]);
      expect(rev.headers['content-type']).toBe('application/octet-stream');
      expect(rev.body.toString('hex')).toBe('010002ffffffff00010101780555496e74380001');
      const sql = "SELECT toLowCardinality(toString(number % 3)) AS lc, map(toLowCardinality('k'), number / 2) AS m, [toNullable(number), NULL] AS a, (number, 'x') AS t FROM numbers(100)";
      const plain = await curl([`${open.url}/?default_format=Native&query=${q(sql)}`]);
      const upgraded = await curl([`${open.url}/?default_format=Native&client_protocol_version=54460&query=${q(sql)}`]);
      expect(upgraded.status).toBe(200);
      expect(upgraded.body.length).toBe(plain.body.length + 8 + 4); // one block: block info, one flag per column
      const json = await curl([`${open.url}/?default_format=Native&client_protocol_version=54460&query=${q("SELECT '{}'::JSON AS j")}`]);
      expect([json.status, json.headers['x-clickhouse-exception-code']]).toEqual([501, '48']);
    });

    it('answers /ping and GET / with Ok., and unknown paths with 404', async () => {
      expect((await curl([`${open.url}/ping`])).text).toBe('Ok.\n');
      expect((await curl([`${open.url}/`])).text).toBe('Ok.\n');
      expect((await curl([`${open.url}/nope`])).status).toBe(404);
    });

    it('sends errors as ClickHouse does: status, X-ClickHouse-Exception-Code, Code: N text', async () => {
      const unknownTable = await curl([`${open.url}/?query=${q('SELECT * FROM no_such_table')}`]);
      expect(unknownTable.status).toBe(404);
      expect(unknownTable.headers['x-clickhouse-exception-code']).toBe('60');
      expect(unknownTable.text).toMatch(/^Code: 60\. DB::Exception: .*no_such_table.* \(UNKNOWN_TABLE\) \(version [\d.]+\)\n$/s);
      const syntax = await curl(['--data-binary', 'SELEC 1', `${open.url}/`]);
      expect([syntax.status, syntax.headers['x-clickhouse-exception-code']]).toEqual([400, '62']);
      expect(syntax.text).toMatch(/^Code: 62\. DB::Exception: Syntax error/);
      const unknownSetting = await curl([`${open.url}/?no_such_setting=1&query=${q('SELECT 1')}`]);
      expect([unknownSetting.status, unknownSetting.headers['x-clickhouse-exception-code']]).toEqual([404, '115']);
      const multi = await curl(['--data-binary', 'SELECT 1; SELECT 2', `${open.url}/`]);
      expect([multi.status, multi.headers['x-clickhouse-exception-code']]).toEqual([400, '62']);
      const outfile = await curl(['--data-binary', `SELECT 1 INTO OUTFILE '${join(scratch, 'out.tsv')}'`, `${open.url}/`]);
      expect(outfile.headers['x-clickhouse-exception-code']).toBe('358');
      const multipart = await curl(['-F', 'query=SELECT 1', `${open.url}/`]);
      expect([multipart.status, multipart.headers['x-clickhouse-exception-code']]).toEqual([501, '48']);
      const session = await curl([`${open.url}/?session_id=abc&query=${q('SELECT 1')}`]);
      expect([session.status, session.headers['x-clickhouse-exception-code']]).toEqual([501, '48']);
      const database = await curl([`${open.url}/?database=no_such_db&query=${q('SELECT 1')}`]);
      expect([database.status, database.headers['x-clickhouse-exception-code']]).toEqual([404, '81']);
    });

    it('refuses writes over GET with 164, as ClickHouse does', async () => {
      const answer = await curl([`${open.url}/?query=${q("INSERT INTO endpoint_test VALUES (1, 'get', 0)")}`]);
      expect(answer.status).toBe(500);
      expect(answer.headers['x-clickhouse-exception-code']).toBe('164');
      expect(answer.text).toContain('method GET implies readonly');
    });

    it('limits the body size with 413 / QUERY_IS_TOO_LARGE', async () => {
      const big = join(scratch, 'big.tsv');
      await writeFile(big, '1\tx\t1\n'.repeat(1000));
      const answer = await curl(['--data-binary', `@${big}`, `${small.url.replace('0.0.0.0', '127.0.0.1')}/?query=${q('INSERT INTO endpoint_test FORMAT TSV')}`]);
      expect([answer.status, answer.headers['x-clickhouse-exception-code']]).toEqual([413, '229']);
    });

    it('lets the password-less default user in from loopback only', async () => {
      const loopback = await curl([`${small.url.replace('0.0.0.0', '127.0.0.1')}/?query=${q('SELECT 1')}`]);
      expect(loopback.status).toBe(200);
      const external = Object.values(networkInterfaces())
        .flat()
        .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
      if (external === undefined) return; // no non-loopback address on this machine
      const remote = await curl([`${small.url.replace('0.0.0.0', external)}/?query=${q('SELECT 1')}`]);
      expect([remote.status, remote.headers['x-clickhouse-exception-code']]).toEqual([403, '516']);
    });
  });

  describe('with @clickhouse/client', () => {
    it('pings, queries with query_params, inserts JSONEachRow and runs commands', async () => {
      const c = client({ url: open.url, compression: { response: true, request: true } });
      expect((await c.ping()).success).toBe(true);
      await c.command({ query: 'CREATE TABLE IF NOT EXISTS client_test (k String, v Float64, at DateTime64(3, \'UTC\')) ENGINE = MergeTree ORDER BY k' });
      await c.insert({
        table: 'client_test',
        format: 'JSONEachRow',
        values: [
          { k: 'a', v: 1.5, at: '2026-11-28 10:00:00.000' },
          { k: "b'quote", v: 2.5, at: '2026-11-28 11:00:00.000' },
        ],
      });
      const rows = await (
        await c.query({
          query: 'SELECT k, v FROM client_test WHERE k IN {keys:Array(String)} AND at >= {since:DateTime64(3)} ORDER BY k',
          query_params: { keys: ['a', "b'quote"], since: '2026-11-28 00:00:00.000' },
          format: 'JSONEachRow',
        })
      ).json<{ k: string; v: number }>();
      expect(rows).toEqual([
        { k: 'a', v: 1.5 },
        { k: "b'quote", v: 2.5 },
      ]);
      const stream = await c.query({ query: 'SELECT number FROM numbers(10000)', format: 'JSONCompactEachRow' });
      expect((await stream.json()).length).toBe(10000);
    });

    it('reports engine errors as ClickHouseError with code and type', async () => {
      const c = client({ url: open.url });
      await expect(c.query({ query: 'SELECT * FROM no_such_table' })).rejects.toMatchObject({ code: '60', type: 'UNKNOWN_TABLE' });
      await expect(c.command({ query: 'SELEC 1' })).rejects.toMatchObject({ code: '62', type: 'SYNTAX_ERROR' });
    });

    it('lets read-only analysts read but refuses their writes with 164', async () => {
      const analyst = client({ url: secured.url, username: 'analyst', password: ANALYST_PASSWORD });
      const rows = await (await analyst.query({ query: 'SELECT count() AS c FROM endpoint_test', format: 'JSONEachRow' })).json<{ c: string }>();
      expect(rows).toHaveLength(1);
      await expect(analyst.insert({ table: 'endpoint_test', format: 'JSONEachRow', values: [{ id: 9, name: 'no', score: 0 }] })).rejects.toMatchObject({ code: '164' });
      await expect(analyst.command({ query: 'DROP TABLE endpoint_test' })).rejects.toMatchObject({ code: '164', message: expect.stringMatching(/^analyst: Cannot execute query in readonly mode/) });
      await expect(analyst.command({ query: 'SET readonly = 0' })).rejects.toMatchObject({ code: '164' });
      await expect(analyst.query({ query: "SELECT file('/etc/hostname')" })).rejects.toMatchObject({ code: '164' });
      await expect(analyst.query({ query: "SELECT * FROM file('/etc/hostname', 'LineAsString')" })).rejects.toMatchObject({ code: '164' });
      // URL settings within the limits are fine; raising a limit is not.
      const limited = await (
        await analyst.query({ query: "SELECT getSetting('max_execution_time') AS t", format: 'JSONEachRow', clickhouse_settings: { max_execution_time: 30 } })
      ).json<{ t: unknown }>();
      expect(Number(limited[0]?.t)).toBe(30);
      await expect(analyst.query({ query: 'SELECT 1', clickhouse_settings: { max_execution_time: 100_000 } })).rejects.toMatchObject({ code: '452' });
      const writer = client({ url: secured.url, username: 'writer', password: WRITER_PASSWORD });
      await writer.insert({ table: 'endpoint_test', format: 'JSONEachRow', values: [{ id: 9, name: 'writer', score: 0 }] });
    });

    it('refuses a wrong password with AUTHENTICATION_FAILED', async () => {
      const c = client({ url: secured.url, username: 'analyst', password: 'wrong' });
      await expect(c.query({ query: 'SELECT 1' })).rejects.toMatchObject({ code: '516', type: 'AUTHENTICATION_FAILED' });
    });

    it('keeps a request\'s settings and parameters to that request', async () => {
      const c = client({ url: open.url });
      type Settings = NonNullable<Parameters<ClickHouseClient['query']>[0]['clickhouse_settings']>;
      const setting = async (settings?: Settings) =>
        (
          await (
            await c.query({ query: "SELECT getSetting('max_result_rows') AS r, getSetting('readonly') AS ro, currentDatabase() AS db", format: 'JSONEachRow', ...(settings ? { clickhouse_settings: settings } : {}) })
          ).json<{ r: unknown; ro: unknown; db: string }>()
        )[0];
      expect(Number((await setting({ max_result_rows: '7' }))?.r)).toBe(7);
      expect(Number((await setting())?.r)).toBe(0);
      await c.query({ query: 'SELECT {p:String}', query_params: { p: 'x' } });
      await expect(c.query({ query: 'SELECT {p:String}' })).rejects.toMatchObject({ code: '456' });
      const analyst = client({ url: secured.url, username: 'analyst', password: ANALYST_PASSWORD });
      expect(Number((await (await analyst.query({ query: "SELECT getSetting('readonly') AS ro", format: 'JSONEachRow' })).json<{ ro: unknown }>())[0]?.ro)).toBe(1);
      // The shared client saw none of it.
      const shared = (
        await (await warehouse.client.query({ query: "SELECT getSetting('max_result_rows') AS r, getSetting('readonly') AS ro, getSetting('max_execution_time') AS t, currentDatabase() AS db", format: 'JSONEachRow' })).json<{
          r: unknown;
          ro: unknown;
          t: unknown;
          db: string;
        }>()
      )[0];
      expect([Number(shared?.r), Number(shared?.ro), Number(shared?.t), shared?.db]).toEqual([0, 0, 0, 'modelwatch']);
    });

    it('serves parallel requests', async () => {
      const c = client({ url: open.url, max_open_connections: 20 });
      const answers = await Promise.all(
        Array.from({ length: 20 }, async (_, i) => (await (await c.query({ query: `SELECT ${i} AS i`, format: 'JSONEachRow' })).json<{ i: number }>())[0]?.i),
      );
      expect(answers).toEqual(Array.from({ length: 20 }, (_, i) => i));
    });
  });

  describe('with openWarehouse({ url }) from another modelwatch process', () => {
    it('inserts RowBinary with a deduplication token once, however often it is sent', async () => {
      const remote = await openWarehouse({ url: open.url, database: 'modelwatch', dataDir: join(scratch, 'unused') });
      try {
        const writer = new RowBinaryWriter();
        for (let id = 1000; id < 1500; id++) {
          writer.uint32(id);
          writer.string(`row-${id}\n\t'"`);
          writer.float64(id / 4);
        }
        const insert = { table: 'endpoint_test', columns: ['id', 'name', 'score'], format: 'RowBinary' as const, data: Buffer.from(writer.bytes()), deduplicationToken: 'endpoint-test/0/1000-1499' };
        await remote.insertBinary(insert);
        await remote.insertBinary(insert);
        const rows = await (
          await remote.client.query({ query: 'SELECT count() AS c, sum(score) AS s, any(name) AS n FROM endpoint_test WHERE id >= 1000 AND id < 1500', format: 'JSONEachRow' })
        ).json<{ c: string; s: number; n: string }>();
        expect(Number(rows[0]?.c)).toBe(500);
        expect(rows[0]?.s).toBe(Array.from({ length: 500 }, (_, i) => (1000 + i) / 4).reduce((a, b) => a + b, 0));
        expect(rows[0]?.n).toMatch(/^row-\d+\n\t'"$/);
      } finally {
        await remote.close();
      }
      // Spooled bodies are removed after each insert.
      const spool = join(scratch, 'data', 'warehouse', 'spool', 'sql-endpoint');
      expect(await readdir(spool)).toEqual([]);
    });
  });

  it('spools a RowBinary body larger than the query buffer', async () => {
    const remote = await openWarehouse({ url: open.url, database: 'modelwatch', dataDir: join(scratch, 'unused') });
    try {
      const writer = new RowBinaryWriter();
      for (let id = 100_000; id < 300_000; id++) {
        writer.uint32(id);
        writer.string('bulk');
        writer.float64(1);
      }
      expect(writer.length).toBeGreaterThan(2 * 1024 * 1024);
      const started = performance.now();
      await remote.insertBinary({ table: 'endpoint_test', columns: ['id', 'name', 'score'], format: 'RowBinary', data: Buffer.from(writer.bytes()), deduplicationToken: 'endpoint-test/bulk' });
      process.stderr.write(`[sql-endpoint] 200k RowBinary rows (${(writer.length / 1e6).toFixed(1)} MB) through the endpoint in ${(performance.now() - started).toFixed(0)} ms\n`);
      const rows = await (await remote.client.query({ query: "SELECT count() AS c FROM endpoint_test WHERE name = 'bulk'", format: 'JSONEachRow' })).json<{ c: string }>();
      expect(Number(rows[0]?.c)).toBe(200_000);
    } finally {
      await remote.close();
    }
  });

  describe('modelwatch query', () => {
    const run = async (args: string[], env: Record<string, string>) => {
      let out = '';
      let err = '';
      const sink = (append: (s: string) => void) =>
        new Writable({
          write(chunk: Buffer, _encoding, done) {
            append(chunk.toString());
            done();
          },
        });
      const code = await queryCommand.run({ args, env, cwd: scratch, stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)) });
      return { code, out, err };
    };

    it('prints the answer, in TabSeparated when not on a terminal, with --param and --format', async () => {
      const env = { MODELWATCH_CLICKHOUSE_URL: secured.url, MODELWATCH_CLICKHOUSE_USER: 'analyst', MODELWATCH_CLICKHOUSE_PASSWORD: ANALYST_PASSWORD };
      expect(await run(['SELECT {n:UInt8} + 1 AS x, {s:String} AS s', '--param', 'n=1', '--param=s=hi'], env)).toEqual({ code: 0, out: '2\thi\n', err: '' });
      expect(await run(['SELECT 1 AS x', '--format', 'CSVWithNames'], env)).toEqual({ code: 0, out: '"x"\n1\n', err: '' });
    });

    it('prints the ClickHouse error to stderr and exits 1', async () => {
      const port = new URL(open.url).port;
      const answer = await run(['SELECT * FROM no_such_table'], { MODELWATCH_SQL_HOST: '127.0.0.1', MODELWATCH_SQL_PORT: port });
      expect(answer.code).toBe(1);
      expect(answer.out).toBe('');
      expect(answer.err).toMatch(/^Code: 60\. DB::Exception: .*\(UNKNOWN_TABLE\)/s);
      const denied = await run(['SELECT 1'], { MODELWATCH_CLICKHOUSE_URL: secured.url, MODELWATCH_CLICKHOUSE_USER: 'analyst', MODELWATCH_CLICKHOUSE_PASSWORD: 'bad-secret' });
      expect(denied.code).toBe(1);
      expect(denied.err).toContain('(AUTHENTICATION_FAILED)');
      expect(denied.err).not.toContain('bad-secret');
    });
  });

  it('measures the per-request overhead', async () => {
    const c = client({ url: open.url });
    const direct = async () => (await warehouse.client.query({ query: 'SELECT 1', format: 'JSONEachRow' })).json();
    const viaEndpoint = async () => (await c.query({ query: 'SELECT 1', format: 'JSONEachRow' })).json();
    const time = async (f: () => Promise<unknown>, n: number) => {
      for (let i = 0; i < 5; i++) await f();
      const t0 = performance.now();
      for (let i = 0; i < n; i++) await f();
      return (performance.now() - t0) / n;
    };
    const directMs = await time(direct, 50);
    const endpointMs = await time(viaEndpoint, 50);
    process.stderr.write(`[sql-endpoint] SELECT 1: ${directMs.toFixed(2)} ms on the shared client, ${endpointMs.toFixed(2)} ms through the endpoint\n`);
    expect(endpointMs).toBeLessThan(100);
  });

  it('never logged a password', () => {
    const all = logs.lines.join('');
    expect(all.length).toBeGreaterThan(0);
    for (const secret of [ANALYST_PASSWORD, WRITER_PASSWORD, 'not-the-password', 'bad-secret']) expect(all).not.toContain(secret);
  });
});
