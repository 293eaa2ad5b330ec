import type { GroundTruthEvent, InferenceEvent } from '@modelwatch/core';
import type { AcceptedEvent } from './event-kind.ts';

/**
 * An event shaped for the Avro schemas: every field present (null for an absent optional
 * one), the time as epoch milliseconds (Avro's timestamp-millis is a long; an ISO string is
 * converted), and maps copied, so the caller may reuse its objects once the call returned.
 */
export function toAvroPayload(accepted: AcceptedEvent): Record<string, unknown> {
  return accepted.kind === 'inference' ? inferencePayload(accepted.event, accepted.timestampMs) : groundTruthPayload(accepted.event, accepted.timestampMs);
}

function inferencePayload(event: InferenceEvent, timestampMs: number): Record<string, unknown> {
  return {
    event_id: event.event_id ?? null,
    model_id: event.model_id,
    model_version: event.model_version,
    prediction_id: event.prediction_id,
    timestamp: timestampMs,
    features: { ...event.features },
    prediction: event.prediction,
    scores: copy(event.scores),
    latency_ms: event.latency_ms ?? null,
    status: event.status ?? null,
    segments: copy(event.segments),
    attributions: copy(event.attributions),
  };
}

function groundTruthPayload(event: GroundTruthEvent, timestampMs: number): Record<string, unknown> {
  return {
    event_id: event.event_id ?? null,
    model_id: event.model_id,
    prediction_id: event.prediction_id,
    label: event.label,
    timestamp: timestampMs,
  };
}

function copy<V>(map: Record<string, V> | null | undefined): Record<string, V> | null {
  return map ? { ...map } : null;
}
