import { ReferenceFileError } from './reference-file-error.ts';

/** Which columns of a reference file are what; every name not given a role is a feature. */
export interface ColumnRoleOptions {
  /** Default "prediction" (used when present). */
  readonly predictionColumn?: string;
  /** Default "label" (used when present). */
  readonly labelColumn?: string;
  /** Columns to leave out (ids, timestamps), on top of DEFAULT_IGNORED. */
  readonly ignore?: readonly string[];
}

/** Event envelope fields that often come along in an export of logged traffic: never features. */
export const DEFAULT_IGNORED: readonly string[] = ['timestamp', 'prediction_id', 'event_id'];

/** A column that holds one entry of a map field (scores, attributions); `key` is the class or feature. */
export interface KeyedColumn {
  readonly column: string;
  readonly key: string;
}

export interface ColumnRoles {
  readonly features: string[];
  readonly prediction?: string;
  readonly label?: string;
  readonly scores: KeyedColumn[];
  readonly attributions: KeyedColumn[];
  readonly ignored: string[];
}

// "score.fraud" or "score_fraud": one class's score; "attribution.age" likewise per feature.
const SCORE = /^score[._](.+)$/;
const ATTRIBUTION = /^attribution[._](.+)$/;
/** The event validator's limit on feature and class names. */
const MAX_NAME_LENGTH = 256;

export function assignColumnRoles(path: string, names: readonly string[], options: ColumnRoleOptions = {}): ColumnRoles {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new ReferenceFileError(path, `has two columns named "${name}"; rename one`);
    seen.add(name);
  }
  const listed = (name: string) => `"${name}" (the columns are ${names.map((n) => `"${n}"`).join(', ')})`;
  const explicitIgnore = options.ignore ?? [];
  for (const name of explicitIgnore) {
    // A typo here would silently keep an id column as a feature.
    if (!seen.has(name)) throw new ReferenceFileError(path, `has no column ${listed(name)} to ignore`);
  }
  const ignore = new Set([...DEFAULT_IGNORED, ...explicitIgnore]);
  // The default column is used when present; a column named with a flag must be there.
  const pick = (option: string | undefined, role: 'prediction' | 'label'): string | undefined => {
    const flag = `--${role}-column`;
    if (option === undefined) return seen.has(role) && !ignore.has(role) ? role : undefined;
    if (!seen.has(option)) throw new ReferenceFileError(path, `has no ${role} column ${listed(option)} (${flag})`);
    if (ignore.has(option)) throw new ReferenceFileError(path, `column "${option}" is both ignored and given with ${flag}; drop one`);
    return option;
  };
  const prediction = pick(options.predictionColumn, 'prediction');
  const label = pick(options.labelColumn, 'label');
  if (prediction !== undefined && prediction === label) throw new ReferenceFileError(path, `column "${prediction}" cannot be both the prediction and the label`);

  const roles: ColumnRoles = { features: [], scores: [], attributions: [], ignored: [] };
  const scoreKeys = new Map<string, string>();
  const attributionKeys = new Map<string, string>();
  for (const name of names) {
    if (ignore.has(name)) {
      roles.ignored.push(name);
      continue;
    }
    if (name === prediction || name === label) continue;
    const score = SCORE.exec(name)?.[1];
    const attribution = ATTRIBUTION.exec(name)?.[1];
    if (score !== undefined) roles.scores.push(keyed(path, name, score, scoreKeys, 'class'));
    else if (attribution !== undefined) roles.attributions.push(keyed(path, name, attribution, attributionKeys, 'feature'));
    else {
      checkName(path, name, 'a feature');
      roles.features.push(name);
    }
  }
  if (roles.features.length === 0) {
    throw new ReferenceFileError(path, 'has no feature columns: every column is the prediction, the label, a score, an attribution or ignored; a reference needs the model inputs');
  }
  return { ...roles, ...(prediction !== undefined ? { prediction } : {}), ...(label !== undefined ? { label } : {}) };
}

function keyed(path: string, column: string, key: string, keys: Map<string, string>, what: string): KeyedColumn {
  checkName(path, key, `a ${what} name`);
  const other = keys.get(key);
  if (other !== undefined) throw new ReferenceFileError(path, `columns "${other}" and "${column}" both name the ${what} "${key}"; keep one`);
  keys.set(key, column);
  return { column, key };
}

function checkName(path: string, name: string, what: string): void {
  if (name.length > MAX_NAME_LENGTH) throw new ReferenceFileError(path, `column "${name.slice(0, 40)}…" is too long for ${what}: events accept up to ${MAX_NAME_LENGTH} characters`);
}
