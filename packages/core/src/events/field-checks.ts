import { clip, parseEventTime, typeName } from './event-time.ts';
import { setOwn } from './own-property.ts';

/**
 * Small checks shared by the event validators. Each pushes a sentence naming the field and
 * what was expected into `problems` and returns undefined when the value does not fit.
 */
export type Problems = string[];
type Obj = Record<string, unknown>;

export const MAX_ID_LENGTH = 256;
export const MAX_MAP_ENTRIES = 2000;

export function requiredId(obj: Obj, key: string, problems: Problems): string | undefined {
  const value = obj[key];
  if (value === undefined || value === null) {
    problems.push(`${key} is missing`);
    return undefined;
  }
  return id(value, key, problems);
}

export function optionalId(obj: Obj, key: string, problems: Problems): string | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  return id(value, key, problems);
}

/** An id a valid event may carry (model, version, prediction, event): 1 to MAX_ID_LENGTH characters. */
export function isEventId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH;
}

function id(value: unknown, key: string, problems: Problems): string | undefined {
  if (isEventId(value)) return value;
  problems.push(typeof value === 'string' ? `${key} must have 1 to ${MAX_ID_LENGTH} characters` : `${key} must be a string, not ${typeName(value)}`);
  return undefined;
}

export function requiredEventTime(obj: Obj, key: string, problems: Problems): number | undefined {
  const value = obj[key];
  if (value === undefined || value === null) {
    problems.push(`${key} is missing`);
    return undefined;
  }
  const time = parseEventTime(value);
  if (typeof time === 'string') {
    problems.push(`${key} ${time}`);
    return undefined;
  }
  return time;
}

export function optionalNumber(obj: Obj, key: string, problems: Problems, min = -Infinity): number | null {
  const value = obj[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    problems.push(`${key} must be a finite number, not ${typeName(value)}`);
    return null;
  }
  if (value < min) {
    problems.push(`${key} must be at least ${min}`);
    return null;
  }
  return value;
}

/** A value that is a number or a string: predictions and labels. */
export function numberOrString(obj: Obj, key: string, problems: Problems): { value: number | null; label: string | null } | undefined {
  const value = obj[key];
  if (typeof value === 'number' && Number.isFinite(value)) return { value, label: null };
  if (typeof value === 'string' && value.length <= MAX_ID_LENGTH) return { value: null, label: value };
  if (value === undefined || value === null) problems.push(`${key} is missing`);
  else if (typeof value === 'string') problems.push(`${key} must have at most ${MAX_ID_LENGTH} characters`);
  else problems.push(`${key} must be a number or a string, not ${typeName(value)}`);
  return undefined;
}

/** A map field and its names (read once: the checks and the split below reuse them). */
interface CheckedMap {
  readonly map: Obj;
  readonly names: readonly string[];
}

function optionalMap(obj: Obj, key: string, problems: Problems): CheckedMap | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    problems.push(`${key} must be an object, not ${typeName(value)}`);
    return undefined;
  }
  const names = Object.keys(value);
  if (names.length > MAX_MAP_ENTRIES) {
    problems.push(`${key} has ${names.length} entries; at most ${MAX_MAP_ENTRIES} are accepted`);
    return undefined;
  }
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    if (name.length === 0 || name.length > MAX_ID_LENGTH) {
      problems.push(`${key} has a name of ${name.length} characters; names need 1 to ${MAX_ID_LENGTH}`);
      return undefined;
    }
  }
  return { map: value as Obj, names };
}

export function numberMap(obj: Obj, key: string, problems: Problems, range?: [number, number]): Record<string, number> {
  const checked = optionalMap(obj, key, problems);
  if (!checked) return {};
  const { map, names } = checked;
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const v = map[name];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      problems.push(`${key}.${clip(name)} must be a finite number, not ${typeName(v)}`);
    } else if (range && (v < range[0] || v > range[1])) {
      problems.push(`${key}.${clip(name)} must be between ${range[0]} and ${range[1]}`);
    }
  }
  return map as Record<string, number>;
}

export function stringMap(obj: Obj, key: string, problems: Problems): Record<string, string> {
  const checked = optionalMap(obj, key, problems);
  if (!checked) return {};
  const { map, names } = checked;
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const v = map[name];
    if (typeof v !== 'string') problems.push(`${key}.${clip(name)} must be a string, not ${typeName(v)}`);
    else if (v.length > MAX_ID_LENGTH) problems.push(`${key}.${clip(name)} must have at most ${MAX_ID_LENGTH} characters`);
  }
  return map as Record<string, string>;
}

export interface SplitFeatures {
  readonly numeric: Record<string, number>;
  readonly categorical: Record<string, string>;
  readonly missing: string[];
}

/**
 * Features arrive as one map of number, string, boolean or null. They are stored split by
 * kind, so numeric drift and categorical drift each read one typed column. Booleans are
 * categories ("true"/"false"); null means the value is missing. A string may have any length:
 * one longer than MAX_CATEGORY_LENGTH is a text (text-value.ts), monitored by its length.
 * Names stay limited to MAX_ID_LENGTH characters.
 */
export function features(obj: Obj, key: string, problems: Problems): SplitFeatures {
  const split: SplitFeatures = { numeric: {}, categorical: {}, missing: [] };
  if (obj[key] === undefined || obj[key] === null) {
    problems.push(`${key} is missing (send {} for a model without inputs)`);
    return split;
  }
  const checked = optionalMap(obj, key, problems);
  if (!checked) return split;
  const { map, names } = checked;
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const v = map[name];
    if (typeof v === 'number') {
      if (Number.isFinite(v)) setOwn(split.numeric, name, v);
      else problems.push(`${key}.${clip(name)} must be finite`);
    } else if (typeof v === 'string') {
      // Any length: a long value is a text (text-value.ts), stored whole; the record limit bounds it.
      setOwn(split.categorical, name, v);
    } else if (typeof v === 'boolean') {
      setOwn(split.categorical, name, v ? 'true' : 'false');
    } else if (v === null) {
      split.missing.push(name);
    } else {
      problems.push(`${key}.${clip(name)} must be a number, string, boolean or null, not ${typeName(v)}`);
    }
  }
  return split;
}
