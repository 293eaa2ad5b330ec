import { isEventId } from './field-checks.ts';

/** The model a record names, as far as a valid event could name it. */
export interface ModelIdentity {
  readonly modelId?: string;
  readonly modelVersion?: string;
}

/**
 * The model id and version of a record, whatever else is wrong with it (a refused record counts
 * toward its model's DLQ rate). Each is kept only when it is an id a valid event could carry, so
 * a refused record cannot invent a series: an empty, a huge or a non-string id is left out.
 */
export function modelIdentityOf(value: unknown): ModelIdentity {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const { model_id: modelId, model_version: modelVersion } = value as Record<string, unknown>;
  return { ...(isEventId(modelId) ? { modelId } : {}), ...(isEventId(modelVersion) ? { modelVersion } : {}) };
}
