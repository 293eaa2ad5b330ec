import type { GroundTruthEvent, InferenceEvent } from '@modelwatch/core';
import { sampleFeature, type FeatureValue } from './feature-sampler.ts';
import { drawDelay, type LabelOptions } from './label-delay.ts';
import { encodeInput } from './linear-model.ts';
import { makeMalformed, type MalformedRecord } from './malformed-record.ts';
import { drawLabel, fallbackPrediction, predict } from './model-outputs.ts';
import type { ProblemSchedule } from './problem-schedule.ts';
import { randomStreams, type Random } from './random.ts';
import type { SimulatedModel } from './simulated-model.ts';

/** One prediction with everything that follows from it. */
export interface GeneratedEvent {
  readonly model: SimulatedModel;
  readonly inference: InferenceEvent;
  /** The ground truth, which the outside world would report; sent at `dueMs` unless `never`. */
  readonly label: GroundTruthEvent;
  /** Epoch milliseconds when the ground truth arrives. */
  readonly dueMs: number;
  /** True for the never-labelled fraction: the label is withheld. */
  readonly never: boolean;
  readonly malformed: readonly MalformedRecord[];
}

/**
 * Makes event number `seq`. Each event draws from its own random streams (seed, purpose,
 * seq), so it depends only on the seed, its number and its time: the same seed gives the
 * same traffic, and a problem window changes the events inside it and no others.
 */
export class TrafficGenerator {
  private readonly weights: number[];
  private readonly eventStream: (seq: number) => Random;
  private readonly idStream: (seq: number) => Random;
  private readonly labelStream: (seq: number) => Random;
  private readonly malformedStream: (seq: number) => Random;

  constructor(
    seed: number | string,
    private readonly models: readonly SimulatedModel[],
    private readonly schedule: ProblemSchedule,
    private readonly labels: LabelOptions,
    private readonly startTime: number,
  ) {
    this.weights = models.map((m) => m.trafficWeight);
    this.eventStream = randomStreams(seed, 'event');
    // Ids depend on the start time too, so two runs of one seed do not share prediction ids.
    this.idStream = randomStreams(seed, 'id', startTime);
    this.labelStream = randomStreams(seed, 'label');
    this.malformedStream = randomStreams(seed, 'malformed');
  }

  /** `scheduleMs` is the time the scenario sees: the offset itself, or within the cycle when it repeats. */
  generate(seq: number, offsetMs: number, scheduleMs = offsetMs): GeneratedEvent {
    const rng = this.eventStream(seq);
    const model = this.models[rng.weightedIndex(this.weights)]!;
    const t = model.template;
    const segments: Record<string, string> = {};
    for (const segment of t.segments) segments[segment.name] = rng.weightedKey(segment.values);
    const effects = this.schedule.effectsAt(scheduleMs, model.id, segments);

    const features: Record<string, FeatureValue> = {};
    for (const spec of t.features) features[spec.name] = sampleFeature(spec, rng, effects.drifts.get(spec.name));
    const input = encodeInput(t.features, features);

    const latency = rng.lognormal(t.latency.medianMs, t.latency.sigma) * effects.latencyFactor;
    const failed = rng.chance(effects.errorRate ?? t.errorRate);
    const slowdown = rng.uniform(1.5, 6);
    const timestamp = this.startTime + Math.floor(offsetMs);
    const predictionId = this.idStream(seq).uuid();

    const inference: InferenceEvent = {
      model_id: model.id,
      model_version: model.version,
      prediction_id: predictionId,
      timestamp,
      features,
      ...(failed ? { prediction: fallbackPrediction(model) } : predict(model, input)),
      latency_ms: Math.round(latency * (failed ? slowdown : 1) * 100) / 100,
      status: failed ? 'error' : 'ok',
      segments,
    };

    const labelRng = this.labelStream(seq);
    const never = labelRng.chance(this.labels.neverFraction);
    const value = drawLabel(model, input, effects.conceptStrength, labelRng);
    const dueMs = timestamp + Math.max(0, Math.round(drawDelay(this.labels.delay, labelRng)));
    const label: GroundTruthEvent = { model_id: model.id, prediction_id: predictionId, label: value, timestamp: dueMs };

    const malformed: MalformedRecord[] = [];
    if (effects.malformed.length > 0) {
      const bad = this.malformedStream(seq);
      for (const rule of effects.malformed) {
        if (!bad.chance(rule.fraction)) continue;
        const kind = rule.kinds[bad.weightedIndex(rule.weights)]!;
        const toGroundTruth = bad.chance(rule.groundTruthShare);
        malformed.push(makeMalformed(kind, toGroundTruth ? 'ground-truth' : 'inference', toGroundTruth ? label : inference, bad, rule.oversizedBytes));
      }
    }
    return { model, inference, label, dueMs, never, malformed };
  }
}
