import type { GroundTruthEvent, InferenceEvent } from '@modelwatch/core';
import { SYSTEM_CLOCK } from './clock.ts';
import type { EventSink } from './event-sink.ts';
import { DEFAULT_LABEL_OPTIONS } from './label-delay.ts';
import { LabelQueue } from './label-queue.ts';
import { MALFORMED_KINDS, type EventTopic, type MalformedKind, type MalformedRecord } from './malformed-record.ts';
import { buildModelCatalog } from './model-catalog.ts';
import { ProblemSchedule } from './problem-schedule.ts';
import { createRandom } from './random.ts';
import { checkOptions, defaultTickMs, type RunControls, type SimulationOptions } from './simulation-options.ts';
import type { ModelCounts, SimulationProgress, SimulationResult } from './simulation-result.ts';
import { TrafficGenerator } from './traffic-generator.ts';

/**
 * Runs a simulation: Poisson arrivals at `rate` per simulated second over `durationMs` (or
 * cycles of it, with `repeat`),
 * sent to `sink` batch by batch, paced so that simulated time runs `speed` times as fast as
 * real time. Ground truth is sent when its (simulated) delay is over. Resolves with what was
 * sent; an aborted run resolves too, with `aborted: true`. A sink that throws ends the run
 * with its error.
 */
export async function runSimulation(options: SimulationOptions, sink: EventSink, controls: RunControls = {}): Promise<SimulationResult> {
  const problems = checkOptions(options);
  if (problems.length > 0) throw new RangeError(problems.join('; '));
  const clock = controls.clock ?? SYSTEM_CLOCK;
  const signal = controls.signal;
  const speed = options.speed ?? 1;
  const tickMs = options.tickMs ?? defaultTickMs(speed);
  const maxBatch = options.maxBatch ?? 5000;
  const startTime = Math.floor(options.startTime ?? clock.now());
  const durationMs = options.durationMs;
  const labels = options.labels ?? options.scenario?.labels ?? DEFAULT_LABEL_OPTIONS;

  const models = buildModelCatalog(options.seed, options.models);
  const schedule = new ProblemSchedule(options.scenario ?? { name: 'steady', problems: [] }, models);
  const generator = new TrafficGenerator(options.seed, models, schedule, labels, startTime);
  const arrivals = createRandom(options.seed, 'arrivals');
  const meanGapMs = 1000 / options.rate;

  const perModel: Record<string, ModelCounts> = {};
  for (const m of models) perModel[m.id] = { inference: 0, errors: 0, labelsSent: 0, labelsWithheld: 0, labelsPending: 0 };
  const byKind = Object.fromEntries(MALFORMED_KINDS.map((k) => [k, 0])) as Record<MalformedKind, number>;
  const byTopic: Record<EventTopic, number> = { inference: 0, 'ground-truth': 0 };
  const totals = { inference: 0, errors: 0, labelsSent: 0, labelsWithheld: 0, malformed: 0 };
  const queue = new LabelQueue<GroundTruthEvent>();

  const wallStart = clock.now();
  const wallFor = (offsetMs: number) => wallStart + offsetMs / speed;
  let lastProgress = wallStart;
  let lagMs = 0;
  let seq = 0;
  let nextArrival = arrivals.exponential(meanGapMs);
  let simulated = 0;
  const aborted = () => signal?.aborted === true;

  const sendInference = async (batch: InferenceEvent[]) => {
    if (batch.length === 0) return;
    await sink.inference(batch);
    for (const e of batch) {
      const counts = perModel[e.model_id]!;
      counts.inference++;
      totals.inference++;
      if (e.status === 'error') {
        counts.errors++;
        totals.errors++;
      }
    }
  };
  const sendLabels = async (due: GroundTruthEvent[]) => {
    for (let i = 0; i < due.length; i += maxBatch) {
      const batch = due.slice(i, i + maxBatch);
      await sink.groundTruth(batch);
      for (const e of batch) perModel[e.model_id]!.labelsSent++;
      totals.labelsSent += batch.length;
    }
  };
  const sendRaw = async (records: MalformedRecord[]) => {
    for (const r of records) {
      await sink.raw(r.topic, r.key, r.bytes);
      byKind[r.kind]++;
      byTopic[r.topic]++;
      totals.malformed++;
    }
  };
  // One batch of sends in flight while the next tick is made: ordered, and at most one
  // tick ahead of the sink. A failed send is thrown at the next hand-off (or at the end).
  let inFlight: Promise<void> = Promise.resolve();
  const handOff = async (work: () => Promise<void>) => {
    await inFlight;
    inFlight = work();
    inFlight.catch(() => undefined);
  };
  const report = (phase: SimulationProgress['phase'], force = false) => {
    const now = clock.now();
    if (!controls.onProgress || (!force && now - lastProgress < (controls.progressIntervalMs ?? 5000))) return;
    lastProgress = now;
    controls.onProgress({
      phase,
      simulatedMs: simulated,
      durationMs,
      elapsedMs: now - wallStart,
      inference: totals.inference,
      errors: totals.errors,
      labelsSent: totals.labelsSent,
      labelsWithheld: totals.labelsWithheld,
      labelsPending: queue.size,
      malformed: totals.malformed,
      lagMs,
    });
  };
  const pace = async (offsetMs: number) => {
    if (Number.isFinite(speed)) await clock.sleep(wallFor(offsetMs) - clock.now(), signal);
    // Unpaced, still let timers and signal handlers run between batches.
    else await new Promise<void>((resolve) => setImmediate(resolve));
  };

  const repeat = options.repeat === true;
  while ((repeat || simulated < durationMs) && !aborted()) {
    const tickEnd = repeat ? simulated + tickMs : Math.min(simulated + tickMs, durationMs);
    await pace(tickEnd);
    if (aborted()) break;
    let batch: InferenceEvent[] = [];
    const raws: MalformedRecord[] = [];
    while (nextArrival < tickEnd) {
      const event = generator.generate(seq++, nextArrival, repeat ? nextArrival % durationMs : nextArrival);
      batch.push(event.inference);
      if (event.never) {
        perModel[event.model.id]!.labelsWithheld++;
        totals.labelsWithheld++;
      } else {
        queue.push(event.dueMs, event.label);
      }
      raws.push(...event.malformed);
      nextArrival += arrivals.exponential(meanGapMs);
      if (batch.length >= maxBatch) {
        const full = batch;
        await handOff(() => sendInference(full));
        batch = [];
      }
    }
    const last = batch;
    const due = queue.popBefore(startTime + tickEnd);
    await handOff(async () => {
      await sendInference(last);
      await sendLabels(due);
      await sendRaw(raws);
    });
    simulated = tickEnd;
    if (Number.isFinite(speed)) lagMs = Math.max(0, clock.now() - wallFor(tickEnd));
    report('running');
  }

  if (options.drainLabels) {
    while (queue.size > 0 && !aborted()) {
      // Unpaced, jump to the next label; paced, the clock keeps running as it would.
      const next = queue.peekDue()! - startTime;
      const tickEnd = Number.isFinite(speed) ? simulated + tickMs : Math.max(simulated + tickMs, next + 1);
      await pace(tickEnd);
      if (aborted()) break;
      const due = queue.popBefore(startTime + tickEnd);
      await handOff(() => sendLabels(due));
      simulated = tickEnd;
      if (Number.isFinite(speed)) lagMs = Math.max(0, clock.now() - wallFor(tickEnd));
      report('draining');
    }
  }

  await inFlight;
  for (const label of queue.items()) perModel[label.model_id]!.labelsPending++;
  return {
    seed: options.seed,
    startTime,
    endTime: startTime + simulated,
    simulatedMs: simulated,
    elapsedMs: clock.now() - wallStart,
    aborted: aborted(),
    inference: totals.inference,
    errors: totals.errors,
    labels: { sent: totals.labelsSent, withheld: totals.labelsWithheld, pending: queue.size },
    malformed: { total: totals.malformed, byKind, byTopic },
    models: perModel,
  };
}
