import { validateGroundTruthEvent, validateInferenceEvent, type GroundTruthRecord, type InferenceRecord } from '@modelwatch/core';

/** Records for the label-join tests, built through core's validation like ingest builds them. */
export const BASE_MS = Date.UTC(2026, 10, 28);

export function prediction(modelId: string, predictionId: string, timestampMs: number, label = 'yes'): InferenceRecord {
  const result = validateInferenceEvent({
    model_id: modelId, model_version: 'v1', prediction_id: predictionId, timestamp: timestampMs,
    features: { amount: 1 }, prediction: label, scores: { yes: 0.75, no: 0.25 }, segments: { country: 'DE' },
  });
  if (!result.ok) throw new Error(result.reason);
  return result.value;
}

export function label(modelId: string, predictionId: string, timestampMs: number, value = 'yes', eventId = `g-${predictionId}`): GroundTruthRecord {
  const result = validateGroundTruthEvent({ model_id: modelId, prediction_id: predictionId, label: value, timestamp: timestampMs, event_id: eventId });
  if (!result.ok) throw new Error(result.reason);
  return result.value;
}
