import type { ClickHouseClient } from '@clickhouse/client';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { topicNames } from '@modelwatch/core';
import { resolveDataDir, startKafka, startSchemaRegistry } from '@modelwatch/dev-stack';
import { WAREHOUSE } from '@modelwatch/runtime';
import { createLogger } from '@modelwatch/telemetry';
import { UsageError, type CliCommand } from '../cli-command.ts';
import { loadCliConfig, parseFlags } from '../cli-config.ts';
import { startModelwatch } from '../start-modelwatch.ts';

const CLI = fileURLToPath(new URL('../../bin/modelwatch.mjs', import.meta.url));

/**
 * `npm start`: the whole system on one machine. Starts Kafka and the schema registry from
 * Maven Central jars (downloaded once into the data folder), modelwatch with every target on
 * the embedded warehouse, and the simulator with a drift scenario, then says where to look.
 */
export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'start Kafka, the registry, every service (embedded warehouse) and simulated traffic',
  usage: 'modelwatch demo [--scenario drift|steady|chaos] [--rate EVENTS_PER_S] [--config FILE]',
  async run({ args, env, cwd, stdout }) {
    const { flags, positional } = parseFlags(args, ['scenario', 'rate', 'config']);
    if (positional.length > 0) throw new UsageError(`unexpected argument "${positional[0]}"`);
    const dataDir = resolveDataDir(env, cwd);
    const say = (line: string) => stdout.write(`${line}\n`);
    say(`modelwatch demo: data in ${dataDir}`);
    say('starting Kafka (the first start downloads it from Maven Central) ...');
    const { brokers } = await startKafka({ dataDir, log: (m) => say(`  ${m}`) });
    say('starting the schema registry ...');
    const { url: registryUrl } = await startSchemaRegistry({ dataDir, log: (m) => say(`  ${m}`) });
    const overrides = {
      MODELWATCH_DATA_DIR: dataDir,
      MODELWATCH_KAFKA_BROKERS: brokers.join(','),
      MODELWATCH_SCHEMA_REGISTRY_URL: registryUrl,
      MODELWATCH_LOG_LEVEL: env['MODELWATCH_LOG_LEVEL'] ?? 'warn',
      // The scenario drifts from its 6th minute: the first 5 minutes of each model are its reference.
      MODELWATCH_METRICS_REFERENCE_WINDOW_MS: env['MODELWATCH_METRICS_REFERENCE_WINDOW_MS'] ?? '300000',
    };
    const config = await loadCliConfig(env, flags.get('config')?.at(-1), overrides);
    const running = await startModelwatch(config, createLogger({ level: config.log.level }));
    const warehouse = running.modules.use(WAREHOUSE)!;
    const topics = topicNames(config.kafka.topicPrefix);
    const sqlUrl = `http://${config.sqlEndpoint.host}:${config.sqlEndpoint.port}`;
    const alertsApiUrl = `http://${config.alerts.api.host}:${config.alerts.api.port}`;
    say('');
    say(`modelwatch is running: ${running.modules.names.join(', ')}`);
    say(`  Kafka          ${brokers.join(',')}  topics ${topics.inference}, ${topics.groundTruth}, ${topics.dlq}`);
    say(`  registry       ${registryUrl}`);
    say(`  SQL endpoint   ${sqlUrl}  (ClickHouse HTTP interface: curl, @clickhouse/client, Grafana)`);
    say(`  metrics        ${running.ops.url}/metrics   health ${running.ops.url}/readyz`);
    say('');
    say('Try, in another terminal:');
    say(`  npx modelwatch query "SELECT model_id, count() AS events, countIf(status = 'error') AS errors FROM inference_events GROUP BY model_id"`);
    say(`  npx modelwatch query "SELECT error_kind, count() FROM ingest_rejections GROUP BY error_kind"`);
    say(`  npx modelwatch query "SELECT model_id, count() AS labelled, avg(prediction_label = label_class) AS accuracy FROM joined_outcomes FINAL GROUP BY model_id"`);
    say(`  npx modelwatch query "SELECT window_start, feature, value, status FROM model_metrics FINAL WHERE metric = 'drift' AND status = 'alert' ORDER BY window_start DESC LIMIT 20"`);
    say(`  npx modelwatch query "SELECT model_id, metric, round(avg(value), 4) FROM model_metrics FINAL WHERE metric IN ('accuracy', 'estimated_accuracy', 'error_rate', 'latency_p99_ms') AND segment_name = '' GROUP BY ALL ORDER BY ALL"`);
    say(`  npx modelwatch query "SELECT timestamp, state, severity, rule_id, model_id, annotations['summary'] AS summary FROM alerts FINAL ORDER BY timestamp DESC LIMIT 20"`);
    say(`  curl ${alertsApiUrl}/api/v1/alerts   (active alerts; /api/v1/groups, /rules, /silences)`);
    say(`  curl '${sqlUrl}/?query=SELECT+count()+FROM+ground_truth_events'`);
    say('Tables and more queries: sql/README.md. Stop with Ctrl-C.');
    say('');

    const simulator = spawn(
      process.execPath,
      [CLI, 'simulate', '--scenario', flags.get('scenario')?.at(-1) ?? 'chaos', '--rate', flags.get('rate')?.at(-1) ?? '50', '--models', '6', '--duration', '30m', '--repeat'],
      { env: { ...env, ...overrides }, stdio: ['ignore', 'inherit', 'inherit'] },
    );
    const report = setInterval(() => {
      void countsByTable(warehouse.client)
        .then((line) => say(`stored: ${line}`))
        .catch(() => undefined);
    }, 30_000);

    await new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
      simulator.once('exit', () => resolve());
    });
    clearInterval(report);
    if (simulator.exitCode === null) {
      simulator.kill('SIGINT');
      await new Promise((r) => simulator.once('exit', r));
    }
    await running.stop();
    say('modelwatch stopped. Kafka and the registry keep running: npm run kafka:stop and npm run registry:stop stop them.');
    return 0;
  },
};

async function countsByTable(client: ClickHouseClient): Promise<string> {
  const result = await client.query({
    query: `SELECT 'inference_events' AS t, count() AS c FROM inference_events
            UNION ALL SELECT 'ground_truth_events', count() FROM ground_truth_events
            UNION ALL SELECT 'ingest_rejections', count() FROM ingest_rejections
            UNION ALL SELECT 'model_metrics', count() FROM model_metrics
            UNION ALL SELECT 'alerts', count() FROM alerts`,
    format: 'JSONEachRow',
  });
  const rows = await result.json<{ t: string; c: string }>();
  return rows.map((r) => `${r.t} ${r.c}`).join(', ');
}
