import { parseBinProfile, type BinProfile } from '../drift/bin-profile.ts';
import { IsotonicRegression, type IsotonicModelJSON } from '../estimation/isotonic-regression.ts';
import { setOwn } from '../events/own-property.ts';
import type { FeatureReference, ReferenceEstimation, ReferencePerformance, ReferenceProfile } from './reference-profile.ts';
import { ReferenceProfileError } from './reference-profile-error.ts';

type Obj = Record<string, unknown>;

/**
 * Checks a stored reference profile (parsed JSON) and returns it typed, holding only the known
 * fields. Throws a ReferenceProfileError listing every problem with its path (`features.age.std`).
 * It checks the shape, not the content: `referenceId` is not recomputed, since a profile is
 * identified by the id it was stored with.
 */
export function parseReferenceProfile(json: unknown): ReferenceProfile {
  const problems: string[] = [];
  const obj = object(json, 'profile', problems);
  if (obj === undefined) throw new ReferenceProfileError('invalid reference profile', problems);

  if (obj['version'] !== 1) problems.push(`version must be 1, not ${JSON.stringify(obj['version'])}`);
  const modelId = nonEmptyString(obj['modelId'], 'modelId', problems);
  const modelVersion = nonEmptyString(obj['modelVersion'], 'modelVersion', problems);
  const referenceId = nonEmptyString(obj['referenceId'], 'referenceId', problems);
  const source = oneOf(obj['source'], 'source', ['dataset', 'window', 'rolling'] as const, problems);
  const period = obj['period'];
  const periodOk =
    period === undefined ||
    (typeof period === 'object' && period !== null && Number.isFinite((period as Record<string, unknown>)['fromMs']) && Number.isFinite((period as Record<string, unknown>)['toMs']));
  if (!periodOk) problems.push('period must be { fromMs, toMs } with finite numbers');
  const rows = count(obj['rows'], 'rows', problems);
  const createdAtMs = obj['createdAtMs'];
  if (typeof createdAtMs !== 'number' || !Number.isFinite(createdAtMs)) problems.push('createdAtMs must be a finite number');
  const task = oneOf(obj['task'], 'task', ['classification', 'regression', 'unknown'] as const, problems);

  const features: Record<string, FeatureReference> = {};
  const rawFeatures = object(obj['features'], 'features', problems);
  if (rawFeatures !== undefined) {
    for (const [name, value] of Object.entries(rawFeatures)) {
      const f = featureReference(value, `features.${name}`, problems);
      if (f !== undefined) setOwn(features, name, f);
    }
  }
  const prediction = obj['prediction'] === undefined ? undefined : featureReference(obj['prediction'], 'prediction', problems);
  const label = obj['label'] === undefined ? undefined : featureReference(obj['label'], 'label', problems);

  let importance: Record<string, number> | undefined;
  if (obj['importance'] !== undefined) {
    const raw = object(obj['importance'], 'importance', problems);
    if (raw !== undefined) {
      importance = {};
      for (const [name, v] of Object.entries(raw)) {
        if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) problems.push(`importance.${name} must be a finite number >= 0`);
        else setOwn(importance, name, v);
      }
    }
  }
  const importanceSource =
    obj['importanceSource'] === undefined ? undefined : oneOf(obj['importanceSource'], 'importanceSource', ['attributions', 'mutual_information'] as const, problems);
  if ((obj['importance'] === undefined) !== (obj['importanceSource'] === undefined)) problems.push('importance and importanceSource come together');

  const performance = obj['performance'] === undefined ? undefined : referencePerformance(obj['performance'], problems);
  const estimation = obj['estimation'] === undefined ? undefined : referenceEstimation(obj['estimation'], problems);

  if (problems.length > 0) throw new ReferenceProfileError('invalid reference profile', problems);
  return {
    version: 1,
    modelId: modelId as string,
    modelVersion: modelVersion as string,
    referenceId: referenceId as string,
    source: source as ReferenceProfile['source'],
    ...(period !== undefined && periodOk
      ? { period: { fromMs: (period as { fromMs: number }).fromMs, toMs: (period as { toMs: number }).toMs } }
      : {}),
    rows: rows as number,
    createdAtMs: createdAtMs as number,
    task: task as ReferenceProfile['task'],
    features,
    ...(prediction ? { prediction } : {}),
    ...(label ? { label } : {}),
    ...(importance ? { importance, importanceSource: importanceSource as NonNullable<ReferenceProfile['importanceSource']> } : {}),
    ...(performance ? { performance } : {}),
    ...(estimation ? { estimation } : {}),
  };
}

function object(value: unknown, path: string, problems: string[]): Obj | undefined {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Obj;
  problems.push(`${path} must be an object`);
  return undefined;
}

function nonEmptyString(value: unknown, path: string, problems: string[]): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  problems.push(`${path} must be a non-empty string`);
  return undefined;
}

function oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[], problems: string[]): T | undefined {
  if (allowed.includes(value as T)) return value as T;
  problems.push(`${path} must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, not ${JSON.stringify(value)}`);
  return undefined;
}

function count(value: unknown, path: string, problems: string[]): number | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  problems.push(`${path} must be a non-negative integer`);
  return undefined;
}

function featureReference(value: unknown, path: string, problems: string[]): FeatureReference | undefined {
  const obj = object(value, path, problems);
  if (obj === undefined) return undefined;
  let profile: BinProfile | undefined;
  try {
    profile = parseBinProfile(obj['profile']);
  } catch (error) {
    problems.push(`${path}.profile: ${error instanceof Error ? error.message : String(error)}`);
  }
  const before = problems.length;
  const sample = obj['sample'];
  if (sample !== undefined) {
    if (!Array.isArray(sample)) problems.push(`${path}.sample must be an array of numbers`);
    else {
      sample.forEach((v, i) => {
        if (typeof v !== 'number' || !Number.isFinite(v)) problems.push(`${path}.sample[${i}] must be a finite number`);
        else if (i > 0 && typeof sample[i - 1] === 'number' && v < (sample[i - 1] as number)) problems.push(`${path}.sample must be ascending; [${i}] is below [${i - 1}]`);
      });
    }
  }
  const std = obj['std'];
  if (std !== undefined && (typeof std !== 'number' || !Number.isFinite(std) || std < 0)) problems.push(`${path}.std must be a finite number >= 0`);
  // Sample and std are the numeric tests' inputs; a categorical column has neither.
  if (profile?.kind === 'categorical' && (sample !== undefined || std !== undefined)) problems.push(`${path}: sample and std are for numeric profiles only`);
  const text = obj['text'];
  if (text !== undefined && text !== true) problems.push(`${path}.text must be true or absent`);
  // A text feature is profiled by its lengths: numbers.
  if (text === true && profile?.kind === 'categorical') problems.push(`${path}: a text feature has a numeric profile (of its lengths)`);
  if (profile === undefined || problems.length > before) return undefined;
  return {
    ...(text === true ? { text: true as const } : {}),
    profile,
    ...(sample !== undefined ? { sample: [...(sample as number[])] } : {}),
    ...(std !== undefined ? { std: std as number } : {}),
  };
}

function referencePerformance(value: unknown, problems: string[]): ReferencePerformance | undefined {
  const obj = object(value, 'performance', problems);
  if (obj === undefined) return undefined;
  const rows = count(obj['rows'], 'performance.rows', problems);
  const out: { rows: number; accuracy?: number; mae?: number; mse?: number } = { rows: rows ?? 0 };
  const accuracy = obj['accuracy'];
  if (accuracy !== undefined) {
    if (typeof accuracy !== 'number' || !(accuracy >= 0 && accuracy <= 1)) problems.push('performance.accuracy must be a number in [0, 1]');
    else out.accuracy = accuracy;
  }
  for (const key of ['mae', 'mse'] as const) {
    const v = obj[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) problems.push(`performance.${key} must be a finite number >= 0`);
    else out[key] = v;
  }
  return out;
}

function referenceEstimation(value: unknown, problems: string[]): ReferenceEstimation | undefined {
  const obj = object(value, 'estimation', problems);
  if (obj === undefined) return undefined;
  const positiveClass = obj['positiveClass'];
  if (typeof positiveClass !== 'string') problems.push('estimation.positiveClass must be a string');
  let calibrator: IsotonicModelJSON | null = null;
  if (obj['calibrator'] === undefined) problems.push('estimation.calibrator must be an isotonic model or null');
  else if (obj['calibrator'] !== null) {
    try {
      // fromJSON checks the thresholds; toJSON keeps only the model's fields.
      calibrator = IsotonicRegression.fromJSON(obj['calibrator']).toJSON();
    } catch (error) {
      problems.push(`estimation.calibrator: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { positiveClass: positiveClass as string, calibrator };
}
