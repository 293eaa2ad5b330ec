import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port.ts';
import { startModelwatchForTest, type ModelwatchUnderTest } from '../support/modelwatch-under-test.ts';
import { waitFor } from '../support/wait-for.ts';

/**
 * The SQL endpoint of a running modelwatch, tried as an analyst with a read-only password
 * would: every way found to read or write the service's files, see or stop other users'
 * queries, or hold every turn must be refused, and what analysts need must still work.
 */
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const ANALYST = { name: 'analyst', password: 'analyst-pw-41c2' };
const BOB = { name: 'bob', password: 'bob-pw-0d7e' };
const ADMIN = { name: 'admin', password: 'admin-pw-9a3f' };

type User = typeof ANALYST;

interface Answer {
  readonly status: number;
  readonly code: string | undefined;
  readonly text: string;
}

/** Every whitespace ClickHouse's lexer skips beyond ASCII (its skipWhitespacesUTF8), and ASCII's own. */
const UNICODE_SPACES = [0x85, 0xa0, 0x180e, ...Array.from({ length: 14 }, (_, i) => 0x2000 + i), 0x2028, 0x2029, 0x202f, 0x205f, 0x2060, 0x3000, 0xfeff].map((c) => String.fromCodePoint(c));
const SEPARATORS = [...UNICODE_SPACES, '\t', '\n', '\r', '\f', '\v', '/**/', '/* /* nested */ */', '--c\n', '# c\n'];

describe('SQL endpoint: a read-only analyst cannot reach the files, the environment or other users', () => {
  let mw: ModelwatchUnderTest;
  let url: string;
  let scratch: string;

  async function sql(user: User, query: string, params: Record<string, string> = {}, signal?: AbortSignal): Promise<Answer> {
    const search = new URLSearchParams(params);
    const response = await fetch(`${url}/?${search}`, {
      method: 'POST',
      body: query,
      headers: { authorization: `Basic ${Buffer.from(`${user.name}:${user.password}`).toString('base64')}` },
      ...(signal ? { signal } : {}),
    });
    return { status: response.status, code: response.headers.get('x-clickhouse-exception-code') ?? undefined, text: await response.text() };
  }

  beforeAll(async () => {
    const port = await freePort();
    mw = await startModelwatchForTest(
      { MODELWATCH_TARGETS: 'sql-endpoint', MODELWATCH_SQL_PORT: String(port) },
      {
        sql_endpoint: {
          users: [
            { name: ANALYST.name, password_sha256: sha256(ANALYST.password) },
            { name: BOB.name, password_sha256: sha256(BOB.password) },
            { name: ADMIN.name, password_sha256: sha256(ADMIN.password), readonly: false },
          ],
        },
      },
    );
    url = `http://127.0.0.1:${port}`;
    scratch = mw.config.dataDir;
  });

  afterAll(async () => {
    await mw?.stop();
  });

  /** Refused with a ClickHouse error, and nothing of the file or the environment in the answer. */
  function expectRefused(answer: Answer, what: string): void {
    expect(answer.status, `${what}: ${answer.text}`).toBeGreaterThanOrEqual(400);
    expect(answer.code, what).toBeDefined();
    expect(answer.text, what).not.toMatch(/root:x?:0:0|PATH=|HOME=/);
  }

  describe('reading and writing files', () => {
    const reads = (s: string) => [
      `SELECT * FROM file${s}('/etc/passwd', 'LineAsString')`,
      `SELECT${s}*${s}FROM${s}file('/etc/passwd', 'LineAsString')`,
      `SELECT file${s}('/etc/passwd')`,
      `SELECT * FROM file${s}('/proc/self/environ', 'RawBLOB')`,
      `sElEcT * FrOm FiLe${s}('/etc/passwd', 'LineAsString')`,
    ];
    const writes = (s: string, out: string) => [
      `SELECT 1 INTO${s}OUTFILE '${out}'`,
      `SELECT 1 INTO OUTFILE${s}'${out}' TRUNCATE`,
      `SELECT 1 INTO${s}OUTFILE '${out}' APPEND FORMAT CSV`,
      `INSERT${s}INTO${s}FUNCTION file('${out}', 'CSV') SELECT 1`,
    ];

    it('refuses every file-reading form, with every whitespace and comment the engine skips', async () => {
      for (const separator of SEPARATORS) {
        for (const query of reads(separator)) expectRefused(await sql(ANALYST, query), JSON.stringify(query));
      }
    });

    it('refuses every file-writing form and writes no file, for analysts and admins alike', async () => {
      for (const [i, separator] of SEPARATORS.entries()) {
        for (const [j, query] of writes(separator, join(scratch, `out-${i}.csv`)).entries()) {
          expectRefused(await sql(ANALYST, query), JSON.stringify(query));
          if (j < 3) expectRefused(await sql(ADMIN, query), `admin ${JSON.stringify(query)}`);
        }
      }
      expect(readdirSync(scratch).filter((name) => name.startsWith('out-'))).toEqual([]);
    });

    it('refuses file access hidden in quoting, homoglyphs, subqueries, WITH, UNION, views and EXPLAIN', async () => {
      const target = "'/etc/passwd', 'LineAsString'";
      const hidden = [
        `SELECT * FROM \`file\`(${target})`,
        `SELECT * FROM "file"(${target})`,
        `SELECT * FROM f\u0456le(${target})`, // Cyrillic i
        `SELECT * FROM (SELECT * FROM (SELECT * FROM file(${target})))`,
        `WITH x AS (SELECT * FROM file(${target})) SELECT * FROM x`,
        `WITH (SELECT any(line) FROM file(${target})) AS l SELECT l`,
        `SELECT 1 UNION ALL SELECT length(file('/etc/passwd'))`,
        `SELECT 1 INTERSECT SELECT length(file('/etc/passwd'))`,
        `SELECT 1 WHERE 1 IN (SELECT length(file('/etc/passwd')))`,
        `SELECT * FROM view(SELECT * FROM file(${target}))`,
        `SELECT * FROM numbers(1) AS n JOIN file(${target}) AS f ON 1`,
        `SELECT arrayMap(x -> file('/etc/passwd'), [1])`,
        `DESCRIBE file(${target})`,
        `EXPLAIN SELECT * FROM file(${target})`,
        `EXPLAIN PLAN SELECT * FROM file(${target})`,
        `optimize = 1 SELECT (SELECT count() FROM file(${target}))`,
        `SELECT * FROM file(${target}) SETTINGS readonly = 0`,
        `SELECT 1; SELECT * FROM file(${target})`,
        `SELECT 1 AS \`x\n      TableIdentifier system.one\` FROM file(${target})`,
        `SELECT catboostEvaluate('/etc/passwd', 1)`,
        `SELECT * FROM executable('cat /etc/passwd', 'LineAsString', 'x String')`,
        `SELECT * FROM url('http://127.0.0.1:1/', 'CSV', 'a String')`,
        `SELECT * FROM remote('127.0.0.1', system.one)`,
        `SELECT * FROM s3('http://127.0.0.1:1/b/k', 'CSV', 'a String')`,
        `SELECT * FROM merge('system', '^proc')`,
        `SELECT * FROM dictionary('d')`,
        `SELECT dictGet('d', 'x', toUInt64(1))`,
        `SELECT joinGet('t', 'x', 1)`,
        `SELECT hostName(), getServerSetting('path')`,
        `SELECT * FROM system.server_settings`,
        `SELECT * FROM system.users`,
        `SELECT 1 FORMAT Template SETTINGS format_template_resultset = '/etc/passwd'`,
      ];
      for (const query of hidden) expectRefused(await sql(ANALYST, query), JSON.stringify(query));
    });

    it('refuses settings and parameters that name files or change how the statement is read', async () => {
      const tricks: Array<[string, Record<string, string>]> = [
        ['SELECT 1 FORMAT Template', { format_template_resultset: '/etc/passwd' }],
        ['SELECT 1 FORMAT Protobuf', { format_schema: '/etc/passwd:M' }],
        ['SELECT 1', { output_format_schema: join(scratch, 'schema-out') }],
        ['SELECT 1', { readonly: '0' }],
        ['print 1', { dialect: 'kusto' }],
        ['SELECT * FROM {t:Identifier}', { param_t: 'system.processes' }],
        ['SELECT * FROM processes', { database: 'system' }],
      ];
      for (const [query, params] of tricks) expectRefused(await sql(ANALYST, query, params), `${query} ${JSON.stringify(params)}`);
      expect(existsSync(join(scratch, 'schema-out'))).toBe(false);
    });
  });

  describe('other users', () => {
    it('keeps KILL and system.processes to admins', async () => {
      for (const query of ['KILL QUERY WHERE 1', 'KILL QUERY WHERE 1 SYNC', 'SELECT query FROM system.processes', 'SHOW PROCESSLIST', 'SELECT 1 IN system.processes', 'SELECT * FROM system.query_log']) {
        expectRefused(await sql(ANALYST, query), query);
      }
      expect((await sql(ADMIN, 'SELECT count() FROM system.processes')).status).toBe(200);
    });

    // chDB names its queries itself; a query is found in the process list by its text.
    const longQuery = (tag: number) => `SELECT sum(cityHash64(number)) FROM numbers(${100_000_000_000_000 + tag})`;
    const running = async (tag: number) =>
      Number((await sql(ADMIN, `SELECT count() FROM system.processes WHERE position(query, 'numbers(${100_000_000_000_000 + tag})') > 0 AND position(query, 'system.processes') = 0`)).text.trim());

    it('cancels a query whose client went away, and an admin gets in while analysts hold their turns', async () => {
      const ana = new AbortController();
      const bob = new AbortController();
      const anaQuery = sql(ANALYST, longQuery(1), {}, ana.signal).catch((error: unknown) => error);
      await waitFor(async () => ((await running(1)) === 1 ? true : undefined), "the analyst's query to run", 10_000);
      const bobQuery = sql(BOB, longQuery(2), {}, bob.signal).catch((error: unknown) => error);

      // Analysts hold every turn they may take (bob waits for one); the admin's is kept.
      const started = performance.now();
      const admin = await sql(ADMIN, 'SELECT 42');
      expect([admin.status, admin.text.trim()]).toEqual([200, '42']);
      expect(performance.now() - started).toBeLessThan(5_000);

      ana.abort();
      await anaQuery;
      await waitFor(async () => ((await running(1)) === 0 ? true : undefined), "the abandoned analyst's query to be cancelled", 15_000);
      await waitFor(async () => ((await running(2)) === 1 ? true : undefined), "bob's query to get the freed turn", 15_000);
      bob.abort();
      await bobQuery;
      await waitFor(async () => ((await running(2)) === 0 ? true : undefined), "bob's abandoned query to be cancelled", 15_000);
      const after = await sql(ANALYST, 'SELECT 1');
      expect([after.status, after.text.trim()]).toEqual([200, '1']);
    });

    it('shows an analyst their own running queries in my_queries, and nobody else\'s', async () => {
      const gone = new AbortController();
      const adminQuery = sql(ADMIN, longQuery(4), {}, gone.signal).catch((error: unknown) => error);
      await waitFor(async () => ((await running(4)) === 1 ? true : undefined), "the admin's query to run", 10_000);
      const own = await sql(ANALYST, "SELECT query FROM my_queries WHERE position(query, 'my_queries') > 0 OR position(query, 'numbers(') > 0 FORMAT JSONEachRow");
      expect(own.status, own.text).toBe(200);
      const queries = own.text.trim().split('\n').map((line) => (JSON.parse(line) as { query: string }).query);
      expect(queries).toHaveLength(1);
      expect(queries[0]).toMatch(/^SELECT query FROM my_queries/);
      gone.abort();
      await adminQuery;
      await waitFor(async () => ((await running(4)) === 0 ? true : undefined), "the admin's abandoned query to be cancelled", 15_000);
    });

    it('refuses a query id that another request is running under', async () => {
      const id = randomUUID();
      const gone = new AbortController();
      const first = sql(ADMIN, longQuery(3), { query_id: id }, gone.signal).catch((error: unknown) => error);
      await waitFor(async () => ((await running(3)) === 1 ? true : undefined), 'the query to run', 10_000);
      const second = await sql(ANALYST, 'SELECT 1', { query_id: id });
      expect(second.code).toBe('216');
      gone.abort();
      await first;
      await waitFor(async () => ((await running(3)) === 0 ? true : undefined), 'the abandoned query to be cancelled', 15_000);
    });
  });

  it('refuses a read-only INSERT before storing any of its body', async () => {
    const spool = join(mw.config.dataDir, 'warehouse', 'spool', 'sql-endpoint');
    const answer = await new Promise<{ status: number; text: string; spooled: string[] }>((resolve, reject) => {
      const req = request(`${url}/?query=${encodeURIComponent('INSERT INTO inference_events FORMAT JSONEachRow')}`, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from(`${ANALYST.name}:${ANALYST.password}`).toString('base64')}`, 'content-length': String(64 * 1024 * 1024) },
      });
      req.on('error', () => undefined);
      req.on('response', (res) => {
        // Answered while almost all of the declared body is still to come.
        const spooled = existsSync(spool) ? readdirSync(spool) : [];
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, text, spooled });
        });
        res.on('error', reject);
      });
      // More than the 1 MiB the endpoint reads to find where a statement ends.
      req.write(Buffer.alloc(2 * 1024 * 1024, '{"model_id":"m"}\n'));
    });
    expect(answer.status).toBe(500);
    expect(answer.text).toMatch(/Code: 164\. .*analyst: Cannot execute query in readonly mode/);
    expect(answer.spooled).toEqual([]);
  });

  it('still answers what analysts need: the documented queries, metadata and client settings', async () => {
    const documented = readFileSync(new URL('../../sql/README.md', import.meta.url), 'utf8')
      .split('```sql')
      .slice(1)
      .flatMap((block) => block.split('```')[0]!.split(/;\s*\n/))
      .map((statement) => statement.replace(/^--.*$/gm, '').trim())
      .filter((statement) => statement !== '');
    expect(documented.length).toBeGreaterThan(10);
    const everyday = [
      ...documented,
      'SHOW TABLES',
      'SHOW DATABASES',
      'DESCRIBE TABLE inference_events',
      'SHOW CREATE TABLE model_metrics',
      'EXISTS TABLE alerts',
      'EXPLAIN SELECT count() FROM inference_events',
      'SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = {t:String}',
      'SELECT name, engine FROM system.tables WHERE database = currentDatabase()',
      'SELECT * FROM INFORMATION_SCHEMA.TABLES LIMIT 1',
      'SELECT number, toString(number) AS s FROM numbers(3) ARRAY JOIN [1, 2] AS x',
      "SELECT countIf(status = 'error'), quantileTDigestIf(0.9)(latency_ms, status = 'ok'), uniqExactState(model_id) FROM inference_events",
      'SELECT model_id, row_number() OVER (PARTITION BY model_id ORDER BY timestamp) FROM inference_events LIMIT 1',
      'WITH m AS (SELECT model_id FROM inference_events) SELECT count() FROM m',
      'SELECT getSetting(\'max_execution_time\'), version(), currentDatabase(), formatReadableSize(1024)',
    ];
    for (const query of everyday) {
      const answer = await sql(ANALYST, query, { param_model: 'fraud', param_t: 'inference_events', max_execution_time: '30', max_result_rows: '1000', output_format_json_quote_64bit_integers: '0' });
      expect(answer.status, `${query}: ${answer.text}`).toBe(200);
    }
  });
});
