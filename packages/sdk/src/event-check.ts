import { validateGroundTruthEvent, validateInferenceEvent, type GroundTruthEvent, type InferenceEvent } from '@modelwatch/core';
import type { AcceptedEvent } from './event-kind.ts';
import { InvalidEventError, type EventProblem } from './sdk-errors.ts';

/**
 * Checks an event with the same validators the ingest service uses, so an event the SDK
 * accepts is one modelwatch will store. Throws InvalidEventError naming each bad field.
 */
export function checkInferenceEvent(event: InferenceEvent, validate = true): AcceptedEvent {
  if (!validate) return unchecked('inference', event);
  const result = validateInferenceEvent(event);
  if (!result.ok) throw new InvalidEventError('inference', toProblems(result.reason));
  return { kind: 'inference', key: result.value.predictionId, timestampMs: result.value.timestampMs, event };
}

export function checkGroundTruthEvent(event: GroundTruthEvent, validate = true): AcceptedEvent {
  if (!validate) return unchecked('ground-truth', event);
  const result = validateGroundTruthEvent(event);
  if (!result.ok) throw new InvalidEventError('ground-truth', toProblems(result.reason));
  return { kind: 'ground-truth', key: result.value.predictionId, timestampMs: result.value.timestampMs, event };
}

/**
 * With validation off (for callers that validated already) an event still needs to have a key and a readable time: without
 * a prediction_id it cannot be keyed, and Avro needs the time as a number.
 */
function unchecked(kind: 'inference', event: InferenceEvent): AcceptedEvent;
function unchecked(kind: 'ground-truth', event: GroundTruthEvent): AcceptedEvent;
function unchecked(kind: AcceptedEvent['kind'], event: InferenceEvent | GroundTruthEvent): AcceptedEvent {
  const raw = (typeof event === 'object' && event !== null ? event : {}) as unknown as Record<string, unknown>;
  const key = raw['prediction_id'];
  if (typeof key !== 'string' || key.length === 0) {
    throw new InvalidEventError(kind, [{ field: 'prediction_id', message: 'prediction_id is needed as the message key, even with validate: false' }]);
  }
  const time = raw['timestamp'];
  const timestampMs = typeof time === 'number' ? time : typeof time === 'string' ? Date.parse(time) : Number.NaN;
  if (!Number.isFinite(timestampMs)) {
    throw new InvalidEventError(kind, [{ field: 'timestamp', message: 'timestamp must be epoch milliseconds or an ISO-8601 string, even with validate: false' }]);
  }
  return kind === 'inference'
    ? { kind, key, timestampMs: Math.floor(timestampMs), event: event as InferenceEvent }
    : { kind, key, timestampMs: Math.floor(timestampMs), event: event as GroundTruthEvent };
}

/** The top-level fields of both event kinds; a finding starts with one of them. */
const FIELDS = new Set([
  'event_id', 'model_id', 'model_version', 'prediction_id', 'timestamp', 'features', 'prediction',
  'scores', 'latency_ms', 'status', 'segments', 'attributions', 'label',
]);

/**
 * The core validators join their findings with "; ", each starting with the field's name
 * ("timestamp is missing", "features.age must be finite"); a finding may hold "; " itself
 * ("... looks like epoch seconds; send epoch milliseconds"), so a piece that does not start
 * with a field belongs to the finding before it. A finding about the event as a whole ("an
 * inference event must be an object") gets the field "(event)".
 */
export function toProblems(reason: string): EventProblem[] {
  const problems: { field: string; message: string }[] = [];
  for (const piece of reason.split('; ')) {
    const first = piece.split(' ', 1)[0] ?? '';
    const field = FIELDS.has(first.split('.', 1)[0] ?? '') ? first : null;
    const last = problems[problems.length - 1];
    if (field === null && last) last.message = `${last.message}; ${piece}`;
    else if (piece.length > 0) problems.push({ field: field ?? '(event)', message: piece });
  }
  return problems;
}
