import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import {
  DevStackError,
  schemaRegistryUrl,
  startKafka,
  startSchemaRegistry,
  stopKafka,
  stopSchemaRegistry,
} from '@modelwatch/dev-stack';
import type {} from '../support/stack.ts'; // the ProvidedContext keys

/**
 * Makes sure a Kafka broker (127.0.0.1:9092) and a schema registry (127.0.0.1:8081) run for
 * the tests, starting them from <repo>/.modelwatch when they do not (the first run downloads
 * them from Maven Central: up to a couple of minutes). Test files reach them through
 * `testStack()` (test/support/stack.ts).
 *
 * Teardown stops only what this run started, and only when no other test run that is still
 * alive registered itself meanwhile (a lease file per run), so parallel runs and an
 * already running `modelwatch kafka start` are left alone.
 */
const KAFKA_PORT = 9092;
const REGISTRY_PORT = 8081;
const dataDir = path.join(fileURLToPath(new URL('../../', import.meta.url)), '.modelwatch');
const leaseDir = path.join(dataDir, 'test-runs');

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const log = (line: string) => process.stderr.write(`[test stack] ${line}\n`);
  mkdirSync(leaseDir, { recursive: true });
  const lease = path.join(leaseDir, String(process.pid));
  writeFileSync(lease, new Date().toISOString());

  const [kafka, registry] = await Promise.all([
    reuseForeign(startKafka({ dataDir, port: KAFKA_PORT, log }), KAFKA_PORT, 'Kafka', log),
    reuseForeign(startSchemaRegistry({ dataDir, port: REGISTRY_PORT, log }), REGISTRY_PORT, 'schema registry', log),
  ]);
  project.provide('kafkaBrokers', kafka?.brokers ?? [`127.0.0.1:${KAFKA_PORT}`]);
  project.provide('schemaRegistryUrl', registry?.url ?? schemaRegistryUrl(REGISTRY_PORT));
  if (kafka && !kafka.alreadyRunning) log(`started Kafka (pid ${kafka.pid}); it stops after this run`);
  if (registry && !registry.alreadyRunning) log(`started the schema registry (pid ${registry.pid}); it stops after this run`);

  return async () => {
    rmSync(lease, { force: true });
    if (otherLiveRuns() > 0) return; // another run still uses what we started; it will not stop it, but that is harmless
    await Promise.all([
      kafka && !kafka.alreadyRunning ? stopKafka({ dataDir }) : undefined,
      registry && !registry.alreadyRunning ? stopSchemaRegistry({ dataDir }) : undefined,
    ]);
  };
}

/**
 * A service on the port that was not started from .modelwatch (docker compose, another data
 * dir) is used as it is; undefined then, since this run owns nothing.
 */
async function reuseForeign<T>(starting: Promise<T>, port: number, what: string, log: (line: string) => void): Promise<T | undefined> {
  try {
    return await starting;
  } catch (error) {
    if (error instanceof DevStackError && error.code === 'port-in-use' && error.port === port) {
      log(`using the ${what} already listening on 127.0.0.1:${port} (not started from ${dataDir})`);
      return undefined;
    }
    throw error;
  }
}

function otherLiveRuns(): number {
  let live = 0;
  for (const name of readdirSync(leaseDir)) {
    const pid = Number(name);
    try {
      process.kill(pid, 0);
      live += 1;
    } catch {
      rmSync(path.join(leaseDir, name), { force: true }); // a run that died without teardown
    }
  }
  return live;
}
