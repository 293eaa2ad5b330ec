import { parseDuration } from './duration.ts';
import { DEFAULT_LABEL_OPTIONS, type DelayDistribution, type LabelOptions } from './label-delay.ts';
import { DEFAULT_OVERSIZED_BYTES, MALFORMED_KINDS, type MalformedKind } from './malformed-record.ts';
import { PROBLEM_KINDS, type Problem, type ProblemWindow, type Scenario } from './scenario.ts';
import { ScenarioError } from './scenario-error.ts';

type Obj = Record<string, unknown>;

const COMMON_KEYS = ['kind', 'models', 'from', 'to', 'ramp', 'where'];
const KIND_KEYS: Record<Problem['kind'], readonly string[]> = {
  'covariate-drift': ['features', 'shift', 'scale', 'categories', 'trueRate', 'nullRate'],
  'concept-drift': ['strength'],
  'latency-spike': ['factor'],
  'error-burst': ['rate'],
  malformed: ['fraction', 'kinds', 'groundTruthShare', 'oversizedBytes'],
};

/**
 * Reads a scenario as written in a scenario file:
 *
 * ```json
 * { "name": "launch-day",
 *   "labels": { "delay": { "distribution": "lognormal", "median": "2m", "sigma": 1 }, "neverFraction": 0.2 },
 *   "problems": [
 *     { "kind": "covariate-drift", "models": ["fraud-detector"], "features": ["amount"], "shift": 2, "from": "5m", "to": "50%" },
 *     { "kind": "malformed", "fraction": 0.01, "kinds": ["invalid-json", "oversized"] } ] }
 * ```
 *
 * Times are milliseconds, durations (`90s`, `5m`) or shares of the run (`40%`) from its
 * start; `to` may be `end`. Every mistake is collected and thrown in one ScenarioError.
 */
export function parseScenario(input: unknown, durationMs: number, where = 'scenario'): Scenario {
  const problems: string[] = [];
  const obj = object(input, where, problems);
  if (!obj) throw new ScenarioError(problems);
  unknownKeys(obj, ['name', 'description', 'labels', 'problems'], where, problems);
  const name = obj['name'] === undefined ? 'custom' : text(obj['name'], `${where}.name`, problems);
  const description = obj['description'] === undefined ? undefined : text(obj['description'], `${where}.description`, problems);
  const labels = obj['labels'] === undefined ? undefined : parseLabels(obj['labels'], `${where}.labels`, problems);
  const list = obj['problems'] ?? [];
  const parsed: Problem[] = [];
  if (!Array.isArray(list)) problems.push(`${where}.problems: expected a list of problems`);
  else list.forEach((p, i) => {
    const problem = readProblem(p, durationMs, `${where}.problems[${i}]`, problems);
    if (problem) parsed.push(problem);
  });
  if (problems.length > 0) throw new ScenarioError(problems);
  return { name: name ?? 'custom', ...(description ? { description } : {}), ...(labels ? { labels } : {}), problems: parsed };
}

/** One problem, as in a scenario file's `problems` list. */
export function parseProblem(input: unknown, durationMs: number, where = 'problem'): Problem {
  const problems: string[] = [];
  const problem = readProblem(input, durationMs, where, problems);
  if (!problem || problems.length > 0) throw new ScenarioError(problems);
  return problem;
}

/** Label arrival as written in a scenario file (see parseScenario), over the defaults. */
export function parseLabels(input: unknown, where: string, problems: string[], base: LabelOptions = DEFAULT_LABEL_OPTIONS): LabelOptions | undefined {
  const obj = object(input, where, problems);
  if (!obj) return undefined;
  unknownKeys(obj, ['delay', 'neverFraction'], where, problems);
  const never = obj['neverFraction'] === undefined ? base.neverFraction : share(obj['neverFraction'], `${where}.neverFraction`, problems);
  const delay = obj['delay'] === undefined ? base.delay : parseDelay(obj['delay'], `${where}.delay`, problems);
  if (never === undefined || delay === undefined) return undefined;
  return { delay, neverFraction: never };
}

function parseDelay(input: unknown, where: string, problems: string[]): DelayDistribution | undefined {
  if (typeof input === 'string' || typeof input === 'number') {
    const ms = duration(input, where, problems);
    return ms === undefined ? undefined : { kind: 'lognormal', medianMs: ms, sigma: 1 };
  }
  const obj = object(input, where, problems);
  if (!obj) return undefined;
  const kind = obj['distribution'] ?? 'lognormal';
  const ms = (key: string, fallback?: number) => {
    if (obj[key] === undefined) {
      if (fallback === undefined) problems.push(`${where}.${key}: required for a ${String(kind)} delay`);
      return fallback;
    }
    return duration(obj[key], `${where}.${key}`, problems);
  };
  switch (kind) {
    case 'lognormal': {
      unknownKeys(obj, ['distribution', 'median', 'sigma'], where, problems);
      const medianMs = ms('median');
      const sigma = obj['sigma'] === undefined ? 1 : number(obj['sigma'], `${where}.sigma`, problems, 0, 5);
      return medianMs === undefined || sigma === undefined ? undefined : { kind: 'lognormal', medianMs, sigma };
    }
    case 'exponential': {
      unknownKeys(obj, ['distribution', 'mean'], where, problems);
      const meanMs = ms('mean');
      return meanMs === undefined ? undefined : { kind: 'exponential', meanMs };
    }
    case 'uniform': {
      unknownKeys(obj, ['distribution', 'min', 'max'], where, problems);
      const minMs = ms('min', 0);
      const maxMs = ms('max');
      if (minMs === undefined || maxMs === undefined) return undefined;
      if (maxMs < minMs) problems.push(`${where}: max must not be below min`);
      return { kind: 'uniform', minMs, maxMs };
    }
    case 'fixed': {
      unknownKeys(obj, ['distribution', 'value'], where, problems);
      const value = ms('value');
      return value === undefined ? undefined : { kind: 'fixed', ms: value };
    }
    default:
      problems.push(`${where}.distribution: expected lognormal, exponential, uniform or fixed, got ${describe(kind)}`);
      return undefined;
  }
}

function readProblem(input: unknown, durationMs: number, where: string, problems: string[]): Problem | undefined {
  const obj = object(input, where, problems);
  if (!obj) return undefined;
  const kind = obj['kind'];
  if (typeof kind !== 'string' || !(PROBLEM_KINDS as readonly string[]).includes(kind)) {
    problems.push(`${where}.kind: expected one of ${PROBLEM_KINDS.join(', ')}, got ${describe(kind)}`);
    return undefined;
  }
  const k = kind as Problem['kind'];
  const before = problems.length;
  unknownKeys(obj, [...COMMON_KEYS, ...KIND_KEYS[k]], where, problems);
  const window = readWindow(obj, durationMs, where, problems);
  const models = readModels(obj['models'], `${where}.models`, problems);
  const filter = obj['where'] === undefined ? undefined : stringMap(obj['where'], `${where}.where`, problems);
  const common = { window: window!, models: models!, ...(filter ? { where: filter } : {}) };
  let problem: Problem | undefined;
  switch (k) {
    case 'covariate-drift': {
      const features = obj['features'] === undefined ? undefined : names(obj['features'], `${where}.features`, problems);
      const shift = optional(obj, 'shift', (v, w) => number(v, w, problems, -20, 20), where);
      const scale = optional(obj, 'scale', (v, w) => number(v, w, problems, 0, 20), where);
      const categories = optional(obj, 'categories', (v, w) => weights(v, w, problems), where);
      const trueRate = optional(obj, 'trueRate', (v, w) => share(v, w, problems), where);
      const nullRate = optional(obj, 'nullRate', (v, w) => share(v, w, problems), where);
      problem = {
        kind: k,
        ...common,
        ...(features ? { features } : {}),
        ...(shift !== undefined ? { shift } : {}),
        ...(scale !== undefined ? { scale } : {}),
        ...(categories ? { categories } : {}),
        ...(trueRate !== undefined ? { trueRate } : {}),
        ...(nullRate !== undefined ? { nullRate } : {}),
      };
      break;
    }
    case 'concept-drift':
      problem = { kind: k, ...common, strength: optional(obj, 'strength', (v, w) => share(v, w, problems), where) ?? 1 };
      break;
    case 'latency-spike':
      problem = { kind: k, ...common, factor: optional(obj, 'factor', (v, w) => number(v, w, problems, 0, 10_000), where) ?? 10 };
      break;
    case 'error-burst':
      problem = { kind: k, ...common, rate: optional(obj, 'rate', (v, w) => share(v, w, problems), where) ?? 0.5 };
      break;
    case 'malformed': {
      const kinds = obj['kinds'] === undefined ? Object.fromEntries(MALFORMED_KINDS.map((m) => [m, 1])) : malformedKinds(obj['kinds'], `${where}.kinds`, problems);
      problem = {
        kind: k,
        ...common,
        fraction: optional(obj, 'fraction', (v, w) => share(v, w, problems), where) ?? 0.01,
        kinds: kinds ?? {},
        groundTruthShare: optional(obj, 'groundTruthShare', (v, w) => share(v, w, problems), where) ?? 0.25,
        oversizedBytes: optional(obj, 'oversizedBytes', (v, w) => number(v, w, problems, 1024, 64 * 1024 * 1024), where) ?? DEFAULT_OVERSIZED_BYTES,
      };
      break;
    }
  }
  return problems.length > before ? undefined : problem;
}

function readWindow(obj: Obj, durationMs: number, where: string, problems: string[]): ProblemWindow | undefined {
  const fromMs = obj['from'] === undefined ? 0 : time(obj['from'], durationMs, `${where}.from`, problems);
  const toMs = obj['to'] === undefined || obj['to'] === 'end' ? Infinity : time(obj['to'], durationMs, `${where}.to`, problems);
  const rampMs = obj['ramp'] === undefined ? 0 : time(obj['ramp'], durationMs, `${where}.ramp`, problems);
  if (fromMs === undefined || toMs === undefined || rampMs === undefined) return undefined;
  if (toMs <= fromMs) {
    problems.push(`${where}: "to" must come after "from"`);
    return undefined;
  }
  return { fromMs, toMs, rampMs };
}

/** A time from the start: milliseconds, a duration such as `5m`, or a share of the run such as `40%`. */
export function time(value: unknown, durationMs: number, where: string, problems: string[]): number | undefined {
  if (typeof value === 'string' && value.trim().endsWith('%')) {
    const percent = Number(value.trim().slice(0, -1));
    if (!Number.isFinite(percent) || percent < 0) {
      problems.push(`${where}: ${describe(value)} is not a percentage`);
      return undefined;
    }
    if (!Number.isFinite(durationMs)) {
      problems.push(`${where}: ${value} of the run needs a run with a duration`);
      return undefined;
    }
    return (durationMs * percent) / 100;
  }
  return duration(value, where, problems);
}

function duration(value: unknown, where: string, problems: string[]): number | undefined {
  const ms = typeof value === 'string' || typeof value === 'number' ? parseDuration(value) : undefined;
  if (ms === undefined) problems.push(`${where}: expected milliseconds, a duration such as "90s" or "5m", or a share of the run such as "40%", got ${describe(value)}`);
  return ms;
}

function readModels(value: unknown, where: string, problems: string[]): 'all' | string[] | undefined {
  if (value === undefined || value === 'all' || value === '*') return 'all';
  return names(value, where, problems);
}

function names(value: unknown, where: string, problems: string[]): string[] | undefined {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.length === 0 || !list.every((v) => typeof v === 'string' && v.length > 0)) {
    problems.push(`${where}: expected a name or a non-empty list of names, got ${describe(value)}`);
    return undefined;
  }
  return list as string[];
}

function malformedKinds(value: unknown, where: string, problems: string[]): Partial<Record<MalformedKind, number>> | undefined {
  const map = Array.isArray(value) ? Object.fromEntries(value.map((v) => [String(v), 1])) : weights(value, where, problems);
  if (!map) return undefined;
  const unknown = Object.keys(map).filter((k) => !(MALFORMED_KINDS as readonly string[]).includes(k));
  if (unknown.length > 0) {
    problems.push(`${where}: unknown kind ${unknown.map((k) => `"${k}"`).join(', ')}; the kinds are ${MALFORMED_KINDS.join(', ')}`);
    return undefined;
  }
  if (!Object.values(map).some((w) => w > 0)) {
    problems.push(`${where}: give at least one kind a positive weight`);
    return undefined;
  }
  return map as Partial<Record<MalformedKind, number>>;
}

function optional<T>(obj: Obj, key: string, read: (value: unknown, where: string) => T | undefined, where: string): T | undefined {
  return obj[key] === undefined ? undefined : read(obj[key], `${where}.${key}`);
}

function object(value: unknown, where: string, problems: string[]): Obj | undefined {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Obj;
  problems.push(`${where}: expected an object, got ${describe(value)}`);
  return undefined;
}

function unknownKeys(obj: Obj, known: readonly string[], where: string, problems: string[]): void {
  for (const key of Object.keys(obj)) {
    if (!known.includes(key)) problems.push(`${where}: unknown key "${key}"; the keys here are ${known.join(', ')}`);
  }
}

function text(value: unknown, where: string, problems: string[]): string | undefined {
  if (typeof value === 'string') return value;
  problems.push(`${where}: expected text, got ${describe(value)}`);
  return undefined;
}

function number(value: unknown, where: string, problems: string[], min: number, max: number): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max) return value;
  problems.push(`${where}: expected a number from ${min} to ${max}, got ${describe(value)}`);
  return undefined;
}

function share(value: unknown, where: string, problems: string[]): number | undefined {
  return number(value, where, problems, 0, 1);
}

function weights(value: unknown, where: string, problems: string[]): Record<string, number> | undefined {
  const obj = object(value, where, problems);
  if (!obj) return undefined;
  for (const [k, v] of Object.entries(obj)) {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      problems.push(`${where}.${k}: expected a weight of 0 or more, got ${describe(v)}`);
      return undefined;
    }
  }
  return obj as Record<string, number>;
}

function stringMap(value: unknown, where: string, problems: string[]): Record<string, string> | undefined {
  const obj = object(value, where, problems);
  if (!obj) return undefined;
  for (const [k, v] of Object.entries(obj)) {
    if (typeof v !== 'string') {
      problems.push(`${where}.${k}: expected text, got ${describe(v)}`);
      return undefined;
    }
  }
  return obj as Record<string, string>;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}...` : value);
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : String(value);
}
