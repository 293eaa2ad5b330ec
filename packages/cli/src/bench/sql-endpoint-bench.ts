/**
 * SQL endpoint benchmark (`npm run bench`, or `--sql-only`): what a query costs through the
 * ClickHouse-compatible endpoint, against the same query on the warehouse's own client in the
 * same run. An admin's statement is checked for INTO OUTFILE on the engine's parse; an
 * analyst's is parsed and checked against the allowlist, so the difference of the two rows is
 * the check's cost. Rounds are interleaved (direct, admin, analyst, again) so that the machine's
 * noise falls on all three alike; the figure is each one's median over the rounds.
 *
 * Run as a child process of its own (chDB allows one process per data directory).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { startSqlEndpoint } from '@modelwatch/sql-endpoint';
import { migrate, openWarehouse } from '@modelwatch/warehouse';

export interface SqlEndpointResult {
  readonly rounds: number;
  readonly queriesPerRound: number;
  /** Milliseconds per query, median over the rounds. */
  readonly ms: Record<'direct' | 'admin' | 'analyst', Record<'select1' | 'aggregate', number>>;
}

const QUERIES = {
  select1: 'SELECT 1',
  aggregate:
    "SELECT model_id, toStartOfMinute(timestamp) AS minute, count() AS predictions, countIf(status = 'error') / count() AS error_rate, quantiles(0.5, 0.95, 0.99)(latency_ms) AS p FROM inference_events WHERE timestamp >= now() - INTERVAL 1 HOUR GROUP BY model_id, minute ORDER BY model_id, minute",
} as const;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function sqlEndpointBenchmark(rounds = 7, queriesPerRound = 40): Promise<SqlEndpointResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'modelwatch-bench-sql-'));
  const warehouse = await openWarehouse({ database: 'modelwatch', dataDir });
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
  const endpoint = await (async () => {
    await migrate(warehouse);
    return startSqlEndpoint({
      warehouse,
      host: '127.0.0.1',
      port: 0,
      users: [
        { name: 'admin', passwordSha256: sha256('bench'), readonly: false },
        { name: 'analyst', passwordSha256: sha256('bench'), readonly: true },
      ],
    });
  })();
  const clients: Record<'admin' | 'analyst', ClickHouseClient> = {
    admin: createClient({ url: endpoint.url, username: 'admin', password: 'bench' }),
    analyst: createClient({ url: endpoint.url, username: 'analyst', password: 'bench' }),
  };
  const run = {
    direct: (query: string) => warehouse.client.query({ query, format: 'JSONEachRow' }).then((r) => r.json()),
    admin: (query: string) => clients.admin.query({ query, format: 'JSONEachRow' }).then((r) => r.json()),
    analyst: (query: string) => clients.analyst.query({ query, format: 'JSONEachRow' }).then((r) => r.json()),
  };
  const samples = { direct: { select1: [] as number[], aggregate: [] as number[] }, admin: { select1: [] as number[], aggregate: [] as number[] }, analyst: { select1: [] as number[], aggregate: [] as number[] } };
  try {
    for (let round = -1; round < rounds; round++) {
      for (const [name, query] of Object.entries(QUERIES) as Array<[keyof typeof QUERIES, string]>) {
        for (const who of ['direct', 'admin', 'analyst'] as const) {
          const started = performance.now();
          for (let i = 0; i < queriesPerRound; i++) await run[who](query);
          // Round -1 warms up every path and is not counted.
          if (round >= 0) samples[who][name].push((performance.now() - started) / queriesPerRound);
        }
      }
    }
  } finally {
    await Promise.all([clients.admin.close(), clients.analyst.close()]);
    await endpoint.close();
    await warehouse.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const med = (who: keyof typeof samples) => ({ select1: round2(median(samples[who].select1)), aggregate: round2(median(samples[who].aggregate)) });
  return { rounds, queriesPerRound, ms: { direct: med('direct'), admin: med('admin'), analyst: med('analyst') } };
}

const round2 = (x: number) => Math.round(x * 100) / 100;

export function printSqlEndpoint(r: SqlEndpointResult): void {
  const w = (s: string | number, n: number) => String(s).padStart(n);
  process.stdout.write(`\nmodelwatch SQL endpoint benchmark: ms per query, median of ${r.rounds} interleaved rounds of ${r.queriesPerRound} queries, one client at a time\n\n`);
  process.stdout.write('path                                   SELECT 1   vs direct    hourly aggregate (no rows)   vs direct\n');
  for (const who of ['direct', 'admin', 'analyst'] as const) {
    const label = { direct: 'warehouse client (baseline)', admin: 'endpoint, admin (outfile check)', analyst: 'endpoint, analyst (allowlist check)' }[who];
    const m = r.ms[who];
    process.stdout.write(
      `${label.padEnd(38)} ${w(m.select1.toFixed(2), 8)}   ${w((m.select1 / r.ms.direct.select1).toFixed(2), 9)}    ${w(m.aggregate.toFixed(2), 26)}   ${w((m.aggregate / r.ms.direct.aggregate).toFixed(2), 9)}\n`,
    );
  }
}

// As a child process: print the result as the last line.
if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await sqlEndpointBenchmark(Number(process.argv[2] ?? 7), Number(process.argv[3] ?? 40));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
