import { SEVERITIES, type Severity } from '../alert.ts';
import { METRIC_NAMES } from '../../monitoring/metric-names.ts';
import { formatDuration, parseDuration } from './duration.ts';
import { globProblem, hasWildcard } from './glob.ts';
import { nearest } from '../../nearest-name.ts';
import {
  DEFAULT_FLAP, RESERVED_LABELS, type Condition, type FlapSettings, type MetricRule, type Rule, type RuleKind, type RuleSelect, type ValueCondition,
} from './rule.ts';
import { placeholderNames, templateProblems } from './template.ts';

/**
 * Rules from their YAML/JSON form. Validation collects every problem, each naming its path and
 * the fix, so one round of editing fixes a file. `ruleToData` is the inverse: a rule written
 * back through it and parsed again is equal to itself (the control log stores rules as JSON).
 */

export type RuleData = Record<string, unknown>;
export type RulesParse = { readonly ok: true; readonly rules: Rule[] } | { readonly ok: false; readonly problems: string[] };
export type RuleValidation = { readonly ok: true; readonly rule: Rule } | { readonly ok: false; readonly problems: string[] };

const KINDS: readonly RuleKind[] = ['metric', 'no_data', 'labels_overdue'];
const METRIC_KEYS = ['id', 'kind', 'description', 'select', 'condition', 'for', 'min_sample_size', 'resolve', 'severity', 'labels', 'annotations', 'flap'];
const SCHEDULED_KEYS = ['id', 'kind', 'description', 'select', 'after', 'severity', 'labels', 'annotations'];
const SELECT_KEYS = ['metric', 'model', 'version', 'feature', 'segment'];
const CONDITION_KEYS = ['status', 'above', 'below', 'outside', 'change'];
const CHANGE_KEYS = ['baseline_windows', 'relative', 'above', 'below'];
const FLAP_KEYS = ['max_changes', 'window', 'quiet'];
const ID = /^[a-z0-9][a-z0-9\-_.]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const MAX_WINDOWS = 10_000;
const MAX_BASELINE_WINDOWS = 1_000;

type Obj = Record<string, unknown>;

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  if (Array.isArray(value)) return 'a list';
  if (value === null || value === undefined) return String(value);
  return typeof value === 'object' ? 'a mapping' : String(value);
}

/** `{ rules: [...] }`, as decoded from the rules file. */
export function parseRules(raw: unknown): RulesParse {
  const problems: string[] = [];
  if (!isObject(raw)) return { ok: false, problems: ['rules file: expected a mapping with a `rules:` list, e.g. {rules: [{id: data-drift, ...}]}'] };
  unknownKeys(raw, ['rules'], '', problems);
  const list = raw.rules ?? [];
  if (!Array.isArray(list)) return { ok: false, problems: [...problems, `rules: expected a list of rules, got ${show(list)}`] };
  const rules: Rule[] = [];
  const firstIndexOfId = new Map<string, number>();
  list.forEach((item, i) => {
    const rule = parseRule(item, `rules[${i}]`, problems);
    if (!rule) return;
    const first = firstIndexOfId.get(rule.id);
    if (first !== undefined) problems.push(`rules[${i}].id: "${rule.id}" is already the id of rules[${first}]; ids must be unique`);
    else firstIndexOfId.set(rule.id, i);
    rules.push(rule);
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, rules };
}

/** One rule, as the HTTP API receives it. */
export function validateRule(raw: unknown): RuleValidation {
  const problems: string[] = [];
  const rule = parseRule(raw, 'rule', problems);
  return rule && problems.length === 0 ? { ok: true, rule } : { ok: false, problems };
}

function parseRule(raw: unknown, path: string, problems: string[]): Rule | undefined {
  if (!isObject(raw)) {
    problems.push(`${path}: expected a mapping such as {id: data-drift, select: {metric: drift}, condition: {status: alert}}, got ${show(raw)}`);
    return undefined;
  }
  const before = problems.length;
  const id = raw.id;
  if (typeof id !== 'string' || !ID.test(id)) {
    problems.push(`${path}.id: ${id === undefined ? 'missing' : `${show(id)} is not a valid id`}; use lower-case letters, digits, '-', '_' and '.', starting with a letter or digit (e.g. data-drift)`);
  }
  const kind = raw.kind ?? 'metric';
  if (!KINDS.includes(kind as RuleKind)) {
    problems.push(`${path}.kind: ${show(kind)} is not a rule kind; use one of ${KINDS.join(', ')} (did you mean "${nearest(String(kind), KINDS)}"?)`);
    return undefined;
  }
  const base = {
    id: id as string,
    description: optionalString(raw.description, `${path}.description`, problems),
    severity: severity(raw.severity, `${path}.severity`, problems),
    labels: labels(raw.labels, `${path}.labels`, problems),
  };
  const annotations = stringMap(raw.annotations, `${path}.annotations`, problems);
  for (const [key, template] of Object.entries(annotations)) {
    for (const problem of templateProblems(template, placeholderNames(kind as RuleKind, Object.keys(base.labels)))) {
      problems.push(`${path}.annotations.${key}: ${problem}`);
    }
  }
  let rule: Rule;
  if (kind === 'metric') {
    unknownKeys(raw, METRIC_KEYS, path, problems);
    const condition = parseCondition(raw.condition, `${path}.condition`, problems);
    const resolve = parseResolve(raw.resolve, `${path}.resolve`, problems);
    if (condition && resolve.condition) hysteresisProblems(condition, resolve.condition, path, problems);
    rule = {
      ...base, kind, annotations,
      select: parseSelect(raw.select, `${path}.select`, problems),
      condition: condition ?? { kind: 'status' },
      for: count(raw.for, `${path}.for`, 1, MAX_WINDOWS, 1, problems),
      minSampleSize: count(raw.min_sample_size, `${path}.min_sample_size`, 0, Number.MAX_SAFE_INTEGER, 0, problems),
      resolve,
      flap: parseFlap(raw.flap, `${path}.flap`, problems),
    };
  } else {
    const metricOnly = Object.keys(raw).filter((key) => METRIC_KEYS.includes(key) && !SCHEDULED_KEYS.includes(key));
    for (const key of metricOnly) problems.push(`${path}.${key}: only metric rules take this; a ${kind} rule fires once its \`after\` has passed`);
    unknownKeys(Object.fromEntries(Object.entries(raw).filter(([key]) => !metricOnly.includes(key))), SCHEDULED_KEYS, path, problems);
    const after = parseDuration(raw.after);
    if (after === undefined || after === 0) {
      problems.push(`${path}.after: ${raw.after === undefined ? 'missing' : `${show(raw.after)} is not a positive duration`}; give one such as 10m, 2h or 1d (or milliseconds)`);
    }
    rule = { ...base, kind: kind as 'no_data' | 'labels_overdue', annotations, model: parseScheduledSelect(raw.select, `${path}.select`, problems), afterMs: after ?? 0 };
  }
  return problems.length > before ? undefined : rule;
}

function unknownKeys(obj: Obj, known: readonly string[], path: string, problems: string[]): void {
  for (const key of Object.keys(obj)) {
    if (!known.includes(key)) problems.push(`${path ? `${path}.` : ''}${key}: unknown key; did you mean "${nearest(key, known)}"? (known: ${known.join(', ')})`);
  }
}

function optionalString(value: unknown, path: string, problems: string[]): string {
  if (value === undefined) return '';
  if (typeof value !== 'string') problems.push(`${path}: expected text, got ${show(value)}`);
  return typeof value === 'string' ? value : '';
}

function severity(value: unknown, path: string, problems: string[]): Severity {
  if (value === undefined) return 'warning';
  if (SEVERITIES.includes(value as Severity)) return value as Severity;
  problems.push(`${path}: ${show(value)} is not a severity; use one of ${SEVERITIES.join(', ')} (did you mean "${nearest(String(value), SEVERITIES)}"?)`);
  return 'warning';
}

function stringMap(value: unknown, path: string, problems: string[]): Record<string, string> {
  if (value === undefined) return {};
  if (!isObject(value)) {
    problems.push(`${path}: expected a mapping of names to text, e.g. {team: ml-platform}, got ${show(value)}`);
    return {};
  }
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) {
    if (!LABEL_NAME.test(key)) problems.push(`${path}.${key}: not a valid name; use letters, digits and '_', not starting with a digit`);
    if (typeof v !== 'string') problems.push(`${path}.${key}: expected text, got ${show(v)} (quote it in YAML)`);
    else out[key] = v;
  }
  return out;
}

function labels(value: unknown, path: string, problems: string[]): Record<string, string> {
  const out = stringMap(value, path, problems);
  for (const key of Object.keys(out)) {
    if (RESERVED_LABELS.includes(key)) problems.push(`${path}.${key}: the engine sets this label itself (${RESERVED_LABELS.join(', ')}); pick another name`);
  }
  return out;
}

function glob(value: unknown, path: string, problems: string[]): string {
  if (value === undefined) return '*';
  if (typeof value !== 'string') {
    problems.push(`${path}: expected a glob such as "fraud-*", got ${show(value)}`);
    return '*';
  }
  const problem = globProblem(value);
  if (problem) problems.push(`${path}: ${show(value)}: ${problem}`);
  return value;
}

function parseSelect(value: unknown, path: string, problems: string[]): RuleSelect {
  if (!isObject(value)) {
    problems.push(`${path}: ${value === undefined ? 'missing' : `expected a mapping, got ${show(value)}`}; give at least the metric, e.g. {metric: drift}`);
    return { metric: '', model: '*', version: '*', feature: '*', segment: '*' };
  }
  unknownKeys(value, SELECT_KEYS, path, problems);
  const metric = glob(value.metric, `${path}.metric`, problems);
  if (value.metric === undefined || metric === '') problems.push(`${path}.metric: missing; name the metric (monitoring/README.md), e.g. drift or error_rate`);
  else if (!hasWildcard(metric) && !(METRIC_NAMES as readonly string[]).includes(metric)) {
    problems.push(`${path}.metric: "${metric}" is not a metric the metrics service publishes; did you mean "${nearest(metric, METRIC_NAMES)}"?`);
  }
  return {
    metric,
    model: glob(value.model, `${path}.model`, problems),
    version: glob(value.version, `${path}.version`, problems),
    feature: glob(value.feature, `${path}.feature`, problems),
    segment: glob(value.segment, `${path}.segment`, problems),
  };
}

function parseScheduledSelect(value: unknown, path: string, problems: string[]): string {
  if (value === undefined) return '*';
  if (!isObject(value)) {
    problems.push(`${path}: expected a mapping such as {model: "fraud-*"}, got ${show(value)}`);
    return '*';
  }
  unknownKeys(value, ['model'], path, problems);
  return glob(value.model, `${path}.model`, problems);
}

function count(value: unknown, path: string, min: number, max: number, fallback: number, problems: string[]): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
  problems.push(`${path}: ${show(value)} is not a whole number from ${min} to ${max}`);
  return fallback;
}

function finite(value: unknown, path: string, problems: string[]): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  problems.push(`${path}: expected a number, got ${show(value)}`);
  return 0;
}

const CONDITION_HELP = 'give exactly one of status, above, below, outside, change — e.g. {above: 0.2}';

function parseCondition(value: unknown, path: string, problems: string[]): Condition | undefined {
  if (!isObject(value)) {
    problems.push(`${path}: ${value === undefined ? 'missing' : `expected a mapping, got ${show(value)}`}; ${CONDITION_HELP}`);
    return undefined;
  }
  unknownKeys(value, CONDITION_KEYS, path, problems);
  const given = CONDITION_KEYS.filter((k) => k in value);
  if (given.length !== 1) {
    problems.push(`${path}: ${CONDITION_HELP}`);
    return undefined;
  }
  if (given[0] === 'status') {
    if (value.status !== 'alert') problems.push(`${path}.status: only "alert" is supported (the metrics engine's own verdict); use {status: alert}`);
    return { kind: 'status' };
  }
  return valueCondition(value, given[0]!, path, problems);
}

function valueCondition(obj: Obj, key: string, path: string, problems: string[]): ValueCondition | undefined {
  const raw = obj[key];
  if (key === 'above' || key === 'below') return { kind: key, value: finite(raw, `${path}.${key}`, problems) };
  if (key === 'outside') {
    if (!Array.isArray(raw) || raw.length !== 2 || !raw.every((n) => typeof n === 'number' && Number.isFinite(n)) || raw[0] >= raw[1]) {
      problems.push(`${path}.outside: expected [low, high] with low < high, e.g. [0.2, 0.8]`);
      return undefined;
    }
    return { kind: 'outside', low: raw[0] as number, high: raw[1] as number };
  }
  const changePath = `${path}.change`;
  if (!isObject(raw)) {
    problems.push(`${changePath}: expected a mapping such as {baseline_windows: 30, relative: true, above: 1.0}`);
    return undefined;
  }
  unknownKeys(raw, CHANGE_KEYS, changePath, problems);
  const directions = (['above', 'below'] as const).filter((k) => k in raw);
  if (directions.length !== 1) {
    problems.push(`${changePath}: give exactly one of above, below — e.g. {baseline_windows: 30, relative: true, above: 1.0} for "doubled"`);
    return undefined;
  }
  if (raw.baseline_windows === undefined) problems.push(`${changePath}.baseline_windows: missing; how many previous windows make the baseline, e.g. 30`);
  if (raw.relative !== undefined && typeof raw.relative !== 'boolean') problems.push(`${changePath}.relative: expected true or false`);
  const direction = directions[0]!;
  return {
    kind: 'change',
    baselineWindows: count(raw.baseline_windows, `${changePath}.baseline_windows`, 1, MAX_BASELINE_WINDOWS, 1, problems),
    relative: raw.relative !== false,
    direction,
    by: finite(raw[direction], `${changePath}.${direction}`, problems),
  };
}

function parseResolve(value: unknown, path: string, problems: string[]): MetricRule['resolve'] {
  if (value === undefined) return { condition: null, for: 1 };
  if (!isObject(value)) {
    problems.push(`${path}: expected a mapping such as {below: 0.1, for: 2}, got ${show(value)}`);
    return { condition: null, for: 1 };
  }
  const keys = ['for', ...CONDITION_KEYS.filter((k) => k !== 'status')];
  unknownKeys(value, keys, path, problems);
  const given = keys.filter((k) => k !== 'for' && k in value);
  if (given.length > 1) problems.push(`${path}: give at most one of above, below, outside, change (none: the condition being false resolves)`);
  const condition = given.length === 1 ? valueCondition(value, given[0]!, path, problems) ?? null : null;
  return { condition, for: count(value.for, `${path}.for`, 1, MAX_WINDOWS, 1, problems) };
}

/** A resolve threshold on the firing side of the condition would resolve what still breaches. */
function hysteresisProblems(condition: Condition, resolve: ValueCondition, path: string, problems: string[]): void {
  if (condition.kind === 'above' && resolve.kind === 'below' && resolve.value > condition.value) {
    problems.push(`${path}.resolve.below: ${resolve.value} is above the firing threshold ${condition.value}; give a value ≤ ${condition.value} so values between them neither fire nor resolve`);
  }
  if (condition.kind === 'below' && resolve.kind === 'above' && resolve.value < condition.value) {
    problems.push(`${path}.resolve.above: ${resolve.value} is below the firing threshold ${condition.value}; give a value ≥ ${condition.value} so values between them neither fire nor resolve`);
  }
  if (condition.kind === resolve.kind && (condition.kind === 'above' || condition.kind === 'below')) {
    problems.push(`${path}.resolve.${resolve.kind}: resolves on the same side the rule fires on; use ${resolve.kind === 'above' ? 'below' : 'above'}`);
  }
}

function parseFlap(value: unknown, path: string, problems: string[]): FlapSettings | null {
  if (value === undefined) return DEFAULT_FLAP;
  if (value === false) return null;
  if (!isObject(value)) {
    problems.push(`${path}: expected false (no damping) or a mapping such as {max_changes: 4, window: 30m, quiet: 30m}, got ${show(value)}`);
    return DEFAULT_FLAP;
  }
  unknownKeys(value, FLAP_KEYS, path, problems);
  const duration = (key: 'window' | 'quiet', fallback: number): number => {
    if (value[key] === undefined) return fallback;
    const ms = parseDuration(value[key]);
    if (ms === undefined || ms === 0) problems.push(`${path}.${key}: ${show(value[key])} is not a positive duration; give one such as 30m`);
    return ms || fallback;
  };
  return {
    maxChanges: count(value.max_changes, `${path}.max_changes`, 2, 1000, DEFAULT_FLAP.maxChanges, problems),
    windowMs: duration('window', DEFAULT_FLAP.windowMs),
    quietMs: duration('quiet', DEFAULT_FLAP.quietMs),
  };
}

/** The plain form of a rule, every default written out; `validateRule(ruleToData(r))` gives `r` back. */
export function ruleToData(rule: Rule): RuleData {
  const base: RuleData = { id: rule.id, kind: rule.kind };
  if (rule.description) base.description = rule.description;
  if (rule.kind !== 'metric') {
    return { ...base, select: { model: rule.model }, after: formatDuration(rule.afterMs), severity: rule.severity, labels: { ...rule.labels }, annotations: { ...rule.annotations } };
  }
  const resolve: RuleData = { for: rule.resolve.for };
  if (rule.resolve.condition) Object.assign(resolve, conditionToData(rule.resolve.condition));
  return {
    ...base,
    select: { ...rule.select },
    condition: conditionToData(rule.condition),
    for: rule.for,
    min_sample_size: rule.minSampleSize,
    resolve,
    severity: rule.severity,
    labels: { ...rule.labels },
    annotations: { ...rule.annotations },
    flap: rule.flap ? { max_changes: rule.flap.maxChanges, window: formatDuration(rule.flap.windowMs), quiet: formatDuration(rule.flap.quietMs) } : false,
  };
}

function conditionToData(condition: Condition): RuleData {
  switch (condition.kind) {
    case 'status': return { status: 'alert' };
    case 'above': return { above: condition.value };
    case 'below': return { below: condition.value };
    case 'outside': return { outside: [condition.low, condition.high] };
    case 'change': return { change: { baseline_windows: condition.baselineWindows, relative: condition.relative, [condition.direction]: condition.by } };
  }
}
