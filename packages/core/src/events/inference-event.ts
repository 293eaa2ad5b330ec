import { deriveEventId } from './event-id.ts';
import { typeName } from './event-time.ts';
import { features, numberMap, numberOrString, optionalId, optionalNumber, requiredEventTime, requiredId, stringMap, type Problems } from './field-checks.ts';
import type { Validation } from './validation.ts';

/** An inference event as model servers send it (JSON, or Avro with the same field names). */
export interface InferenceEvent {
  event_id?: string;
  model_id: string;
  model_version: string;
  prediction_id: string;
  /** Event time: epoch milliseconds or ISO-8601 with a zone. */
  timestamp: number | string;
  features: Record<string, number | string | boolean | null>;
  prediction: number | string;
  scores?: Record<string, number> | null;
  latency_ms?: number | null;
  status?: 'ok' | 'error' | null;
  segments?: Record<string, string> | null;
  attributions?: Record<string, number> | null;
}

/** A validated inference event, normalised for storage. */
export interface InferenceRecord {
  readonly eventId: string;
  readonly modelId: string;
  readonly modelVersion: string;
  readonly predictionId: string;
  readonly timestampMs: number;
  readonly numericFeatures: Record<string, number>;
  readonly categoricalFeatures: Record<string, string>;
  readonly missingFeatures: readonly string[];
  /** The prediction when it is a number (regression, or a numeric class). */
  readonly predictionValue: number | null;
  /** The prediction when it is a class: a string, or a number that is a key of `scores` (0/1 classes). */
  readonly predictionLabel: string | null;
  readonly scores: Record<string, number>;
  readonly latencyMs: number | null;
  readonly status: 'ok' | 'error';
  readonly segments: Record<string, string>;
  readonly attributions: Record<string, number>;
}

export function validateInferenceEvent(input: unknown): Validation<InferenceRecord> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, reason: `an inference event must be an object, not ${typeName(input)}` };
  }
  const obj = input as Record<string, unknown>;
  const problems: Problems = [];
  const eventId = optionalId(obj, 'event_id', problems);
  const modelId = requiredId(obj, 'model_id', problems);
  const modelVersion = requiredId(obj, 'model_version', problems);
  const predictionId = requiredId(obj, 'prediction_id', problems);
  const timestampMs = requiredEventTime(obj, 'timestamp', problems);
  const split = features(obj, 'features', problems);
  const prediction = numberOrString(obj, 'prediction', problems);
  const scores = numberMap(obj, 'scores', problems, [0, 1]);
  const latencyMs = optionalNumber(obj, 'latency_ms', problems, 0);
  const status = obj['status'] ?? 'ok';
  if (status !== 'ok' && status !== 'error') problems.push(`status must be "ok" or "error", not ${JSON.stringify(status)}`);
  const segments = stringMap(obj, 'segments', problems);
  const attributions = numberMap(obj, 'attributions', problems);

  if (problems.length > 0 || !modelId || !modelVersion || !predictionId || timestampMs === undefined || !prediction) {
    return { ok: false, reason: problems.join('; ') };
  }
  return {
    ok: true,
    value: {
      eventId: eventId ?? deriveEventId('inference', [modelId, modelVersion, predictionId, timestampMs]),
      modelId,
      modelVersion,
      predictionId,
      timestampMs,
      numericFeatures: split.numeric,
      categoricalFeatures: split.categorical,
      missingFeatures: split.missing,
      predictionValue: prediction.value,
      // A numeric prediction that is one of its own score keys is a class (e.g. 0/1 classes).
      predictionLabel: prediction.label ?? (prediction.value !== null && Object.hasOwn(scores, String(prediction.value)) ? String(prediction.value) : null),
      scores,
      latencyMs,
      status: status as 'ok' | 'error',
      segments,
      attributions,
    },
  };
}
