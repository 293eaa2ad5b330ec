/**
 * `npm run bench`: end-to-end ingest rate (Kafka topics into the warehouse) for JSON and Avro
 * events, beside the raw kafkajs consumer rate measured in the same run on the same data.
 * Shared machines are noisy, so the figures that matter are the ratios to that baseline.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { topicNames, loadConfig } from '@modelwatch/core';
import { startKafka, startSchemaRegistry } from '@modelwatch/dev-stack';
import { ensureModelwatchTopics } from '@modelwatch/kafka';
import { benchEvent } from './bench-events.ts';

interface PhaseResult {
  phase: string;
  events: number;
  seconds: number;
  eventsPerSecond: number;
  peakRssMiB: number;
}

const PHASE = fileURLToPath(new URL('./bench-phase.ts', import.meta.url));
const SCHEMA = fileURLToPath(new URL('../../../../schemas/inference-event.avsc', import.meta.url));

export async function runBenchmarks(args: readonly string[]): Promise<number> {
  const events = Number(args.find((a) => a.startsWith('--events='))?.split('=')[1] ?? 300_000);
  // --profile writes a V8 CPU profile of each phase to .modelwatch/profiles (open in Chrome DevTools).
  const nodeArgs = args.includes('--profile') ? ['--cpu-prof', '--cpu-prof-dir=.modelwatch/profiles'] : [];
  const dataDir = process.env['MODELWATCH_DATA_DIR'] ?? '.modelwatch';
  const log = (m: string) => process.stderr.write(`${m}\n`);
  const { brokers } = await startKafka({ dataDir, log });
  const { url: registryUrl } = await startSchemaRegistry({ dataDir, log });
  const broker = brokers[0]!;
  const kafka = new Kafka({ clientId: 'bench', brokers: [broker], logLevel: logLevel.NOTHING });
  const registry = new SchemaRegistry({ host: registryUrl });
  const id = randomBytes(3).toString('hex');
  const base = Date.UTC(2026, 10, 28);

  const results: PhaseResult[] = [];
  for (const encoding of ['json', 'avro'] as const) {
    const prefix = `bench${id}${encoding}.`;
    const config = loadConfig({ env: { MODELWATCH_TOPIC_PREFIX: prefix } });
    const topic = topicNames(prefix).inference;
    await ensureModelwatchTopics(kafka, config.kafka);
    let schemaId = 0;
    if (encoding === 'avro') {
      schemaId = (await registry.register({ type: SchemaType.AVRO, schema: readFileSync(SCHEMA, 'utf8') }, { subject: `${topic}-value` })).id;
    }
    log(`producing ${events} ${encoding} events to ${topic} ...`);
    const producer = kafka.producer();
    await producer.connect();
    for (let start = 0; start < events; start += 5000) {
      const messages = [];
      for (let i = start; i < Math.min(events, start + 5000); i++) {
        const event = benchEvent(i, base);
        const value = encoding === 'json' ? Buffer.from(JSON.stringify(event)) : await registry.encode(schemaId, event);
        messages.push({ key: event.prediction_id, value });
      }
      await producer.send({ topic, messages, acks: -1 });
    }
    await producer.disconnect();
    if (encoding === 'json') results.push(await phase(nodeArgs, ['raw-consumer', broker, topic, String(events)]));
    results.push({ ...(await phase(nodeArgs, ['ingest', broker, prefix, String(events), registryUrl])), phase: `ingest-${encoding}` });
  }

  const baseline = results.find((r) => r.phase === 'raw-consumer')!;
  process.stdout.write(`\nmodelwatch ingest benchmark: ${events} inference events (20 features) per phase, 6 partitions, one process each\n\n`);
  process.stdout.write('phase            events/s   vs raw consumer   peak RSS MiB   vs raw consumer\n');
  for (const r of results) {
    process.stdout.write(
      `${r.phase.padEnd(16)} ${String(r.eventsPerSecond).padStart(9)}   ${(r.eventsPerSecond / baseline.eventsPerSecond).toFixed(2).padStart(15)}   ${String(r.peakRssMiB).padStart(12)}   ${(r.peakRssMiB / baseline.peakRssMiB).toFixed(2).padStart(15)}\n`,
    );
  }
  process.stdout.write(`\n${JSON.stringify({ events, results })}\n`);
  return 0;
}

function phase(nodeArgs: string[], args: string[]): Promise<PhaseResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', PHASE, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.once('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !line.startsWith('{')) reject(new Error(`bench phase ${args[0]} failed (exit ${code}): ${out}`));
      else resolve(JSON.parse(line) as PhaseResult);
    });
  });
}
