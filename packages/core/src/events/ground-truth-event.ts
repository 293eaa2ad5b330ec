import { deriveEventId } from './event-id.ts';
import { typeName } from './event-time.ts';
import { numberOrString, optionalId, requiredEventTime, requiredId, type Problems } from './field-checks.ts';
import type { Validation } from './validation.ts';

/** A ground-truth event: the true outcome for an earlier (or later) prediction. */
export interface GroundTruthEvent {
  event_id?: string;
  model_id: string;
  prediction_id: string;
  label: number | string;
  /** When the outcome was observed: epoch milliseconds or ISO-8601 with a zone. */
  timestamp: number | string;
}

export interface GroundTruthRecord {
  readonly eventId: string;
  readonly modelId: string;
  readonly predictionId: string;
  readonly labelValue: number | null;
  readonly labelClass: string | null;
  readonly timestampMs: number;
}

export function validateGroundTruthEvent(input: unknown): Validation<GroundTruthRecord> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, reason: `a ground-truth event must be an object, not ${typeName(input)}` };
  }
  const obj = input as Record<string, unknown>;
  const problems: Problems = [];
  const eventId = optionalId(obj, 'event_id', problems);
  const modelId = requiredId(obj, 'model_id', problems);
  const predictionId = requiredId(obj, 'prediction_id', problems);
  const label = numberOrString(obj, 'label', problems);
  const timestampMs = requiredEventTime(obj, 'timestamp', problems);
  if (problems.length > 0 || !modelId || !predictionId || !label || timestampMs === undefined) {
    return { ok: false, reason: problems.join('; ') };
  }
  return {
    ok: true,
    value: {
      eventId: eventId ?? deriveEventId('ground_truth', [modelId, predictionId, timestampMs, label.value ?? label.label ?? '']),
      modelId,
      predictionId,
      labelValue: label.value,
      labelClass: label.label,
      timestampMs,
    },
  };
}
