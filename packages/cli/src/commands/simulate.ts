import { randomInt } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Writable } from 'node:stream';
import { topicNames, type GroundTruthEvent, type InferenceEvent, type ModelwatchConfig } from '@modelwatch/core';
import { createKafka, ensureTopics, modelwatchTopicSpecs } from '@modelwatch/kafka';
import { createModelwatchProducer } from '@modelwatch/sdk';
import {
  buildModelCatalog,
  checkScenario,
  DEFAULT_LABEL_OPTIONS,
  describeDelay,
  describeProblem,
  formatDuration,
  MALFORMED_KINDS,
  namedScenario,
  NULL_SINK,
  parseDuration,
  parseProblem,
  parseProblemFlag,
  parseScenario,
  PROBLEM_KINDS,
  runSimulation,
  SCENARIO_NAMES,
  ScenarioError,
  type EventSink,
  type EventTopic,
  type LabelOptions,
  type Scenario,
  type ScenarioName,
  type SimulatedModel,
  type SimulationProgress,
  type SimulationResult,
} from '@modelwatch/simulator';
import { createLogger, type Logger } from '@modelwatch/telemetry';
import { Partitioners, type Message, type Producer } from 'kafkajs';
import { UsageError, type CliCommand } from '../cli-command.ts';
import { loadCliConfig } from '../cli-config.ts';

const USAGE = `modelwatch simulate [options]
  --models N             models to simulate (default 5; the catalog: --list-models)
  --rate R               inference events per simulated second, all models together (default 50)
  --duration D           simulated length: 90s, 10m, 2h (default 10m)
  --speed S              simulated seconds per real second: 1 real time, 60 an hour a minute, max (default 1)
  --seed S               same seed and --start, same traffic (default: random, printed)
  --start TIME           simulated time 0, ISO-8601 or epoch ms (default now)
  --repeat               start the scenario over after each duration, until stopped
  --encoding json|avro   avro goes through @modelwatch/sdk and needs the schema registry (default json)
  --registry-url URL     schema registry for avro (default MODELWATCH_SCHEMA_REGISTRY_URL)
  --scenario NAME        ${SCENARIO_NAMES.join(', ')} (default steady)
  --scenario-file FILE   a JSON scenario instead (see services/simulator/src/scenario-parser.ts)
  --covariate-drift SPEC, --concept-drift SPEC, --latency-spike SPEC, --error-burst SPEC, --malformed SPEC
                         add a problem, e.g. --covariate-drift model=fraud-detector,feature=amount,shift=2,from=2m,to=50%
                         (keys: model, from, to, ramp, where=country:BR; shift, scale, categories=a:1+b:2, null-rate,
                         true-rate; strength; factor; rate; fraction, kinds=invalid-json+oversized); repeatable
  --label-delay D        median delay of ground truth (lognormal; default 1m)
  --label-sigma N        spread of the delay's logarithm (default 1)
  --never-labelled F     share of predictions that never get ground truth (default 0.1)
  --drain-labels         after the duration, keep going until every due label is sent
  --progress-interval D  real time between progress lines (default 5s)
  --dry-run              generate without Kafka, print the summary
  --list-models          print the models of --models/--seed and exit
  --config FILE          modelwatch config (brokers, topic prefix, registry); MODELWATCH_* variables apply`;

const OPTIONS = {
  models: { type: 'string' },
  rate: { type: 'string' },
  duration: { type: 'string' },
  speed: { type: 'string' },
  seed: { type: 'string' },
  start: { type: 'string' },
  repeat: { type: 'boolean' },
  encoding: { type: 'string' },
  'registry-url': { type: 'string' },
  scenario: { type: 'string' },
  'scenario-file': { type: 'string' },
  'covariate-drift': { type: 'string', multiple: true },
  'concept-drift': { type: 'string', multiple: true },
  'latency-spike': { type: 'string', multiple: true },
  'error-burst': { type: 'string', multiple: true },
  malformed: { type: 'string', multiple: true },
  'label-delay': { type: 'string' },
  'label-sigma': { type: 'string' },
  'never-labelled': { type: 'string' },
  'drain-labels': { type: 'boolean' },
  'progress-interval': { type: 'string' },
  'dry-run': { type: 'boolean' },
  'list-models': { type: 'boolean' },
  config: { type: 'string' },
  help: { type: 'boolean' },
} as const;

type Values = ReturnType<typeof parse>['values'];

function parse(args: readonly string[]) {
  return parseArgs({ args: [...args], options: OPTIONS, strict: true, allowPositionals: false });
}

/** `modelwatch simulate`: realistic traffic with injected problems, for demos and tests. */
export const simulateCommand: CliCommand = {
  name: 'simulate',
  summary: 'send synthetic inference and ground-truth traffic, with drift, errors and bad records on a schedule',
  usage: USAGE,
  async run({ args, env, cwd, stdout, stderr }) {
    let values: Values;
    try {
      values = parse(args).values;
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    if (values.help) {
      stdout.write(`usage: ${USAGE}\n`);
      return 0;
    }

    const models = integer(values.models, 'models', 5, 1, 10_000);
    const rate = positive(values.rate, 'rate', 50);
    const durationMs = duration(values.duration, 'duration', 10 * 60_000);
    const speed = values.speed === 'max' ? Infinity : positive(values.speed, 'speed', 1);
    const seed = values.seed === undefined ? randomInt(1, 1_000_000_000) : /^\d+$/.test(values.seed) ? Number(values.seed) : values.seed;
    const startTime = values.start === undefined ? Date.now() : time(values.start);
    const encoding = values.encoding ?? 'json';
    if (encoding !== 'json' && encoding !== 'avro') throw new UsageError(`--encoding must be json or avro, not "${encoding}"`);
    const progressMs = duration(values['progress-interval'], 'progress-interval', 5000);
    const catalog = buildModelCatalog(seed, models);

    if (values['list-models']) {
      stdout.write(listModels(catalog));
      return 0;
    }

    let scenario: Scenario;
    try {
      scenario = await buildScenario(values, catalog, durationMs, cwd);
      checkScenario(scenario, catalog);
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      stderr.write(`${error.message}\n`);
      return 2;
    }
    const labels = labelOptions(values, scenario.labels ?? DEFAULT_LABEL_OPTIONS);

    const config = await loadCliConfig(env, values.config);
    const log = createLogger({ level: config.log.level });
    const topics = topicNames(config.kafka.topicPrefix);
    const registryUrl = values['registry-url'] ?? config.schemaRegistry.url;
    if (encoding === 'avro' && !values['dry-run'] && !registryUrl) {
      throw new UsageError('--encoding avro needs a schema registry: set MODELWATCH_SCHEMA_REGISTRY_URL (schema_registry.url) or give --registry-url');
    }

    const target = values['dry-run'] ? 'nowhere (dry run)' : `${topics.inference} and ${topics.groundTruth} on ${config.kafka.brokers.join(',')} (${encoding})`;
    stdout.write(
      `simulating ${catalog.length} model${catalog.length === 1 ? '' : 's'} at ${rate} events/s for ${formatDuration(durationMs)}` +
        `${values.repeat ? ' per cycle, repeating' : ''} (speed ${Number.isFinite(speed) ? `${speed}x` : 'max'}, seed ${seed}, scenario ${scenario.name}) to ${target}\n` +
        `  labels: ${describeDelay(labels.delay, formatDuration)}; ${Math.round(labels.neverFraction * 100)}% never arrive\n` +
        scenario.problems.map((p) => `  ${describeProblem(p)}\n`).join(''),
    );

    let sink: KafkaEventSink | null = null;
    if (!values['dry-run']) {
      try {
        sink = await connectSink(config, encoding, registryUrl, log);
      } catch (error) {
        stderr.write(
          `cannot produce to Kafka at ${config.kafka.brokers.join(',')}: ${(error as Error).message}\n` +
            '  set MODELWATCH_KAFKA_BROKERS, or start a local broker with `modelwatch kafka start`; --dry-run runs without Kafka\n',
        );
        return 1;
      }
    }

    const controller = new AbortController();
    const onSignal = () => controller.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const progress = progressPrinter(stdout, Boolean(values.repeat));
    let result: SimulationResult;
    try {
      result = await runSimulation(
        {
          seed,
          models,
          rate,
          durationMs,
          speed,
          startTime,
          scenario,
          labels,
          ...(values['drain-labels'] ? { drainLabels: true } : {}),
          ...(values.repeat ? { repeat: true } : {}),
        },
        sink ?? NULL_SINK,
        { signal: controller.signal, onProgress: progress, progressIntervalMs: progressMs },
      );
      await sink?.flush();
    } catch (error) {
      stderr.write(`simulation stopped: ${(error as Error).message}\n`);
      return 1;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await sink?.close().catch((error: unknown) => log.warn('closing the Kafka producer failed', { error: error as Error }));
    }
    stdout.write(summary(result, catalog, durationMs));
    return 0;
  },
};

async function buildScenario(values: Values, catalog: readonly SimulatedModel[], durationMs: number, cwd: string): Promise<Scenario> {
  if (values.scenario !== undefined && values['scenario-file'] !== undefined) throw new UsageError('give --scenario or --scenario-file, not both');
  let base: Scenario;
  const file = values['scenario-file'];
  if (file !== undefined) {
    let text: string;
    try {
      text = await readFile(resolve(cwd, file), 'utf8');
    } catch (error) {
      throw new ScenarioError([`${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`]);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new ScenarioError([`${file} is not JSON: ${(error as Error).message}`]);
    }
    try {
      base = parseScenario(json, durationMs, 'scenario');
    } catch (error) {
      if (error instanceof ScenarioError) throw new ScenarioError(error.problems.map((p) => `${file}: ${p}`));
      throw error;
    }
  } else {
    const name = values.scenario ?? 'steady';
    if (!(SCENARIO_NAMES as readonly string[]).includes(name)) throw new UsageError(`--scenario must be one of ${SCENARIO_NAMES.join(', ')}, not "${name}"`);
    base = namedScenario(name as ScenarioName, catalog, durationMs);
  }
  const extra = PROBLEM_KINDS.flatMap((kind) => (values[kind] ?? []).map((spec) => parseProblem(parseProblemFlag(kind, spec), durationMs, `--${kind} ${spec}`)));
  if (extra.length === 0) return base;
  return { ...base, name: `${base.name}+flags`, problems: [...base.problems, ...extra] };
}

function labelOptions(values: Values, base: LabelOptions): LabelOptions {
  const median = values['label-delay'] === undefined ? undefined : duration(values['label-delay'], 'label-delay', 0);
  const sigma = values['label-sigma'] === undefined ? undefined : positive(values['label-sigma'], 'label-sigma', 1);
  const never = values['never-labelled'] === undefined ? base.neverFraction : share(values['never-labelled'], 'never-labelled');
  let delay = base.delay;
  if (median !== undefined || sigma !== undefined) {
    const baseMedian = base.delay.kind === 'lognormal' ? base.delay.medianMs : 60_000;
    const baseSigma = base.delay.kind === 'lognormal' ? base.delay.sigma : 1;
    delay = { kind: 'lognormal', medianMs: median ?? baseMedian, sigma: sigma ?? baseSigma };
  }
  return { delay, neverFraction: never };
}

// ---- the Kafka sink -------------------------------------------------------------------------

interface KafkaEventSink extends EventSink {
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** Messages per sendBatch call, and bytes: well under the topics' 2 MiB record limit per partition. */
const BATCH_MESSAGES = 1000;
const BATCH_BYTES = 1024 * 1024;

/**
 * JSON: one kafkajs producer, `sendBatch` keyed by prediction_id. Avro: well-formed events go
 * through the SDK (schema registry, Confluent framing); malformed records always go as raw
 * bytes through a plain producer, since they are exactly what no encoder would produce.
 */
async function connectSink(config: ModelwatchConfig, encoding: 'json' | 'avro', registryUrl: string | undefined, log: Logger): Promise<KafkaEventSink> {
  const kafka = createKafka(config.kafka, log.child({ component: 'simulator' }), '-simulator');
  const topics = topicNames(config.kafka.topicPrefix);
  const admin = kafka.admin();
  await admin.connect();
  try {
    const wanted = new Set([topics.inference, topics.groundTruth]);
    const created = await ensureTopics(admin, modelwatchTopicSpecs(config.kafka).filter((s) => wanted.has(s.topic)));
    if (created.length > 0) log.info('created topics', { topics: created });
  } finally {
    await admin.disconnect();
  }
  // The partitioner of the SDK (and of Java clients): a key lands where their records with it do.
  const producer: Producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const topicOf = (topic: EventTopic) => (topic === 'inference' ? topics.inference : topics.groundTruth);
  const raw = async (topic: EventTopic, key: string | null, bytes: Buffer) => {
    await producer.send({ topic: topicOf(topic), messages: [{ key, value: bytes }] });
  };

  if (encoding === 'avro') {
    const sdk = createModelwatchProducer({
      brokers: config.kafka.brokers,
      clientId: `${config.kafka.clientId}-simulator`,
      topicPrefix: config.kafka.topicPrefix,
      encoding: 'avro',
      schemaRegistryUrl: registryUrl!,
    });
    return {
      inference: async (events) => {
        await Promise.all(events.map((e) => sdk.logPrediction(e)));
      },
      groundTruth: async (events) => {
        await Promise.all(events.map((e) => sdk.logGroundTruth(e)));
      },
      raw,
      flush: () => sdk.flush(),
      close: async () => {
        try {
          await sdk.close();
        } finally {
          await producer.disconnect();
        }
      },
    };
  }

  const sendJson = async (topic: string, events: readonly (InferenceEvent | GroundTruthEvent)[]) => {
    let messages: Message[] = [];
    let bytes = 0;
    const send = async () => {
      if (messages.length === 0) return;
      await producer.sendBatch({ topicMessages: [{ topic, messages }] });
      messages = [];
      bytes = 0;
    };
    for (const event of events) {
      const value = JSON.stringify(event);
      if (messages.length >= BATCH_MESSAGES || bytes + value.length > BATCH_BYTES) await send();
      messages.push({ key: event.prediction_id, value });
      bytes += value.length;
    }
    await send();
  };
  return {
    inference: (events) => sendJson(topics.inference, events),
    groundTruth: (events) => sendJson(topics.groundTruth, events),
    raw,
    flush: async () => undefined,
    close: () => producer.disconnect(),
  };
}

// ---- output ---------------------------------------------------------------------------------

function progressPrinter(stdout: Writable, repeat: boolean): (p: SimulationProgress) => void {
  let last = { inference: 0, elapsedMs: 0 };
  return (p) => {
    const seconds = (p.elapsedMs - last.elapsedMs) / 1000;
    const perSecond = seconds > 0 ? (p.inference - last.inference) / seconds : 0;
    last = { inference: p.inference, elapsedMs: p.elapsedMs };
    const sim = repeat
      ? `${formatDuration(p.simulatedMs)} (cycle ${Math.floor(p.simulatedMs / p.durationMs) + 1})`
      : `${formatDuration(p.simulatedMs)}/${formatDuration(p.durationMs)}`;
    const errors = p.inference > 0 ? ((p.errors / p.inference) * 100).toFixed(1) : '0.0';
    stdout.write(
      `[${new Date().toISOString().slice(11, 19)}] ${p.phase === 'draining' ? 'draining labels, ' : ''}sim ${sim}  ` +
        `inference ${count(p.inference)} (${perSecond.toFixed(1)}/s)  labels ${count(p.labelsSent)} sent, ${count(p.labelsPending)} pending, ` +
        `${count(p.labelsWithheld)} withheld  errors ${errors}%  malformed ${count(p.malformed)}${p.lagMs > 1000 ? `  behind by ${formatDuration(p.lagMs)}` : ''}\n`,
    );
  };
}

function summary(r: SimulationResult, catalog: readonly SimulatedModel[], durationMs: number): string {
  const lines: string[] = [];
  const errors = r.inference > 0 ? ((r.errors / r.inference) * 100).toFixed(2) : '0.00';
  lines.push(
    `${r.aborted ? 'stopped' : 'done'}: ${count(r.inference)} inference events over ${formatDuration(r.simulatedMs)} simulated` +
      `${r.simulatedMs < durationMs ? ` of ${formatDuration(durationMs)}` : ''} in ${formatDuration(r.elapsedMs)}, ${errors}% errors`,
  );
  lines.push(`labels: ${count(r.labels.sent)} sent, ${count(r.labels.withheld)} withheld (never arrive), ${count(r.labels.pending)} still due after the end`);
  if (r.malformed.total > 0) {
    const kinds = MALFORMED_KINDS.filter((k) => r.malformed.byKind[k] > 0).map((k) => `${k} ${count(r.malformed.byKind[k])}`);
    lines.push(`malformed: ${count(r.malformed.total)} (${kinds.join(', ')}); ${count(r.malformed.byTopic['ground-truth'])} of them on ground-truth`);
  }
  const rows = [['model', 'task', 'version', 'inference', 'errors', 'labels', 'withheld', 'pending']];
  for (const m of catalog) {
    const c = r.models[m.id]!;
    rows.push([m.id, m.template.task, m.version, count(c.inference), count(c.errors), count(c.labelsSent), count(c.labelsWithheld), count(c.labelsPending)]);
  }
  lines.push(...table(rows));
  lines.push(`replay: --seed ${r.seed} --start ${new Date(r.startTime).toISOString()}`);
  return `${lines.join('\n')}\n`;
}

function listModels(catalog: readonly SimulatedModel[]): string {
  const total = catalog.reduce((a, m) => a + m.trafficWeight, 0);
  const out: string[] = [];
  for (const m of catalog) {
    const t = m.template;
    const what =
      t.task === 'regression'
        ? `regression (mean ${t.target!.mean}, sd ${t.target!.sd})`
        : `${t.task} [${t.classes!.join(', ')}]${t.positiveRate !== undefined ? `, ${Math.round(t.positiveRate * 100)}% positive` : ''}`;
    out.push(`${m.id} ${m.version}: ${t.description}`);
    out.push(
      `  ${what}; ${((m.trafficWeight / total) * 100).toFixed(1)}% of traffic; latency median ${t.latency.medianMs}ms; ${t.attributions ? 'attributions' : 'no attributions'}`,
    );
    out.push(`  segments: ${t.segments.map((s) => `${s.name} (${Object.keys(s.values).join(', ')})`).join('; ')}`);
    for (const f of t.features) {
      const nulls = f.nullRate ? `, ${f.nullRate * 100}% null` : '';
      let shape: string;
      if (f.type === 'numeric') {
        const d = f.distribution;
        shape =
          d.kind === 'normal' ? `normal(mean ${d.mean}, sd ${d.sd})`
          : d.kind === 'lognormal' ? `lognormal(median ${d.median}, sigma ${d.sigma})`
          : d.kind === 'uniform' ? `uniform(${d.min}, ${d.max})`
          : `poisson(${d.lambda})`;
      } else if (f.type === 'boolean') {
        shape = `boolean, ${Math.round(f.trueRate * 100)}% true`;
      } else {
        shape = `categorical: ${Object.keys(f.categories).join(', ')}`;
      }
      out.push(`  - ${f.name}: ${shape}${nulls}`);
    }
  }
  return `${out.join('\n')}\n`;
}

function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd());
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

// ---- flag values ----------------------------------------------------------------------------

function positive(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new UsageError(`--${name} must be a positive number, not "${value}"`);
  return n;
}

function integer(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < min || n > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, not "${value}"`);
  return n;
}

function share(value: string, name: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new UsageError(`--${name} must be a number from 0 to 1, not "${value}"`);
  return n;
}

function duration(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const ms = parseDuration(value);
  if (ms === undefined || ms <= 0) throw new UsageError(`--${name} must be a duration such as 90s, 10m or 2h, not "${value}"`);
  return ms;
}

function time(value: string): number {
  const ms = /^\d+$/.test(value) ? Number(value) : /^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/.test(value) ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(ms) || ms < Date.UTC(2000, 0, 1) || ms >= Date.UTC(2099, 0, 1)) {
    throw new UsageError(`--start must be an ISO-8601 time with a zone (2026-01-01T00:00:00Z) or epoch milliseconds, not "${value}"`);
  }
  return ms;
}
