import { createHash } from 'node:crypto';
import { compareCodeUnits, stableJson } from '../stable-json.ts';
import { binCount } from '../drift/bin-profile.ts';
import { fitCategoricalProfile } from '../drift/categorical-profile.ts';
import { fitNumericProfile, numericBinIndex } from '../drift/numeric-profile.ts';
import { EstimationInputError } from '../estimation/estimation-input-error.ts';
import { IsotonicRegression } from '../estimation/isotonic-regression.ts';
import { needsCalibration } from '../estimation/calibration-check.ts';
import { AttributionAggregate } from '../importance/attribution-aggregate.ts';
import { ContingencyTable } from '../importance/contingency-table.ts';
import { mutualInformation } from '../importance/mutual-information.ts';
import { CompensatedSum } from '../numeric/compensated-sum.ts';
import { RegressionState } from '../performance/regression-state.ts';
import { ownValue } from '../events/own-property.ts';
import { isTextValue, MAX_CATEGORY_LENGTH, textLength } from '../events/text-value.ts';
import type { FeatureReference, ReferenceEstimation, ReferencePerformance, ReferenceProfile, ReferenceRow } from './reference-profile.ts';
import { ReferenceProfileError } from './reference-profile-error.ts';

export interface FitReferenceInput {
  readonly modelId: string;
  readonly modelVersion: string;
  readonly rows: Iterable<ReferenceRow>;
  readonly source: ReferenceProfile['source'];
  /** For traffic references: the event-time period the rows came from. */
  readonly period?: { readonly fromMs: number; readonly toMs: number };
  readonly createdAtMs: number;
}

export interface FitReferenceOptions {
  /** Quantile bins per numeric column (default 10: deciles). */
  readonly bins?: number;
  /** Categories kept per categorical column; the rest share the "other" bin (default 50). */
  readonly maxCategories?: number;
  /** Raw values kept per numeric column for KS and Wasserstein (default 500). */
  readonly sampleCapacity?: number;
}

/** A column's values, one per row (null = missing), and the kind they are binned as (a text column: its lengths). */
type Column =
  | { readonly kind: 'numeric' | 'text'; readonly values: (number | null)[] }
  | { readonly kind: 'categorical'; readonly values: (string | null)[] };

/** A fitted column: its reference, and the bin of each row (the missing bin last) for mutual information. */
interface FittedColumn {
  readonly reference: FeatureReference;
  readonly rowBins: number[];
  /** Bins including the missing bin. */
  readonly bins: number;
}

/** Problems listed in one error at most; a bad file can have one per row. */
const MAX_PROBLEMS = 20;

/**
 * Fits the reference profile of one model version on its reference rows. Deterministic and
 * independent of the row order (everything is a count, or computed over sorted values), so the
 * same data give the same `referenceId`.
 *
 * - A feature's kind follows its non-null values: text if any row sends it as a string longer
 *   than MAX_CATEGORY_LENGTH characters (or in `textLengths`), else categorical if any row sends
 *   it as a string (numbers sent for it elsewhere become `String(n)`), numeric otherwise. A text
 *   feature is fitted as a numeric one on the lengths (textLength) of its strings, short ones too,
 *   and marked `text: true`; a number sent for it is missing there, as windows count it. A feature
 *   absent from a row is missing there. A feature with no value in any row gets no reference
 *   (bins need values).
 * - The prediction is categorical when any row has a `predictionLabel` (`predictionValue` rows
 *   stringified), else numeric; the label likewise (`labelClass`, else `labelValue`).
 * - Numeric `sample`: all values, ascending, when they fit `sampleCapacity`; otherwise the order
 *   statistics at evenly spaced ranks round(i·(n−1)/(capacity−1)), min and max included: a
 *   deterministic quantile sketch, so KS and Wasserstein see the reference's shape, not a draw.
 * - Importance: mean |attribution| over the rows that carry each feature's attribution, when any
 *   row has attributions; else, with labels, mutual information (nats) between the feature's bin
 *   (missing values in a bin of their own) and the label class, or a numeric label's bin.
 * - Estimation (CBPE) for a binary classification reference whose scores name a label class.
 * Throws a ReferenceProfileError listing the problems (no rows, a non-finite number, ...).
 */
export function fitReferenceProfile(input: FitReferenceInput, options: FitReferenceOptions = {}): ReferenceProfile {
  const { bins = 10, maxCategories = 50, sampleCapacity = 500 } = options;
  const problems: string[] = [];
  for (const [name, v] of [['bins', bins], ['maxCategories', maxCategories], ['sampleCapacity', sampleCapacity]] as const) {
    if (!Number.isSafeInteger(v) || v < 1) problems.push(`options.${name} must be a positive integer, got ${String(v)}`);
  }
  if (typeof input.modelId !== 'string' || input.modelId === '') problems.push('modelId must be a non-empty string');
  if (typeof input.modelVersion !== 'string' || input.modelVersion === '') problems.push('modelVersion must be a non-empty string');
  if (input.source !== 'dataset' && input.source !== 'window' && input.source !== 'rolling') {
    problems.push(`source must be "dataset", "window" or "rolling", not ${JSON.stringify(input.source)}`);
  }
  if (!Number.isFinite(input.createdAtMs)) problems.push('createdAtMs must be a finite number');
  if (problems.length > 0) throw new ReferenceProfileError('cannot fit a reference profile', problems);
  const rows = checkedRows(input.rows);

  const fit = (column: Column): FittedColumn | undefined => {
    if (column.kind === 'categorical') return fitCategoricalColumn(column.values, maxCategories);
    const fitted = fitNumericColumn(column.values, bins, sampleCapacity);
    return fitted && column.kind === 'text' ? { ...fitted, reference: { text: true, ...fitted.reference } } : fitted;
  };

  const fittedFeatures = new Map<string, FittedColumn>();
  for (const [name, column] of featureColumns(rows)) {
    const fitted = fit(column);
    if (fitted !== undefined) fittedFeatures.set(name, fitted);
  }
  const predictionColumn = mixedColumn(rows.map((r) => r.predictionLabel ?? null), rows.map((r) => r.predictionValue ?? null));
  const labelColumn = mixedColumn(rows.map((r) => r.labelClass ?? null), rows.map((r) => r.labelValue ?? null));
  const prediction = predictionColumn && fit(predictionColumn);
  const label = labelColumn && fit(labelColumn);

  const task = rows.some((r) => r.labelClass != null || r.predictionLabel != null)
    ? 'classification'
    : rows.some((r) => r.predictionValue != null)
      ? 'regression'
      : 'unknown';

  // fromEntries defines each name as an own entry, `__proto__` too (assignment would drop it).
  const features: Record<string, FeatureReference> = Object.fromEntries(
    [...fittedFeatures.keys()].sort(compareCodeUnits).map((name) => [name, (fittedFeatures.get(name) as FittedColumn).reference]),
  );

  const importance = attributionImportance(rows) ?? (label && labelColumn ? mutualInformationImportance(fittedFeatures, labelColumn, label) : undefined);
  const performance = task === 'classification' ? classificationPerformance(rows) : task === 'regression' ? regressionPerformance(rows) : undefined;
  const estimation = task === 'classification' ? fitEstimation(rows) : undefined;

  const content: Omit<ReferenceProfile, 'referenceId' | 'createdAtMs'> = {
    version: 1,
    modelId: input.modelId,
    modelVersion: input.modelVersion,
    source: input.source,
    ...(input.period ? { period: { fromMs: input.period.fromMs, toMs: input.period.toMs } } : {}),
    rows: rows.length,
    task,
    features,
    ...(prediction ? { prediction: prediction.reference } : {}),
    ...(label ? { label: label.reference } : {}),
    ...(importance ? { importance: importance.values, importanceSource: importance.source } : {}),
    ...(performance ? { performance } : {}),
    ...(estimation ? { estimation } : {}),
  };
  return { ...content, referenceId: referenceIdOf(content), createdAtMs: input.createdAtMs };
}

/**
 * The content hash that identifies a profile: SHA-256 (hex) of its JSON with sorted keys, without
 * `referenceId` and `createdAtMs`, so refitting the same data gives the same id.
 */
export function referenceIdOf(profile: Omit<ReferenceProfile, 'referenceId' | 'createdAtMs'> | ReferenceProfile): string {
  const { referenceId: _id, createdAtMs: _at, ...content } = profile as ReferenceProfile;
  return createHash('sha256').update(stableJson(content)).digest('hex');
}

/** Reads the rows once, checking every value; refuses the lot with the first problems found. */
function checkedRows(source: Iterable<ReferenceRow>): ReferenceRow[] {
  const rows: ReferenceRow[] = [];
  const problems: string[] = [];
  let more = 0;
  const problem = (p: string): void => {
    if (problems.length < MAX_PROBLEMS) problems.push(p);
    else more++;
  };
  const finite = (v: unknown, path: string, nullable: boolean): void => {
    if (v === undefined || (nullable && v === null)) return;
    if (typeof v !== 'number' || !Number.isFinite(v)) problem(`${path} must be a finite number${nullable ? ' or null' : ''}, got ${String(v)}`);
  };
  const text = (v: unknown, path: string): void => {
    if (v !== undefined && v !== null && typeof v !== 'string') problem(`${path} must be a string or null, got ${typeof v}`);
  };
  const record = (v: unknown, path: string, check: (value: unknown, path: string) => void): void => {
    if (v === undefined) return;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) problem(`${path} must be an object`);
    else for (const [k, x] of Object.entries(v)) check(x, `${path}.${k}`);
  };
  for (const row of source) {
    const at = `rows[${rows.length}]`;
    if (typeof row !== 'object' || row === null) {
      problem(`${at} must be an object`);
      rows.push(row);
      continue;
    }
    if (row.numeric === undefined || row.categorical === undefined) problem(`${at} needs numeric and categorical (send {} for none)`);
    record(row.numeric, `${at}.numeric`, (v, p) => finite(v, p, true));
    record(row.categorical, `${at}.categorical`, text);
    record(row.textLengths, `${at}.textLengths`, (v, p) => {
      if (!Number.isSafeInteger(v) || (v as number) <= MAX_CATEGORY_LENGTH) problem(`${p} must be the length of a text: an integer over ${MAX_CATEGORY_LENGTH}, got ${String(v)}`);
    });
    finite(row.predictionValue, `${at}.predictionValue`, true);
    text(row.predictionLabel, `${at}.predictionLabel`);
    // As inference events require: scores are probabilities.
    record(row.scores, `${at}.scores`, (v, p) => {
      if (typeof v !== 'number' || !(v >= 0 && v <= 1)) problem(`${p} must be a number in [0, 1], got ${String(v)}`);
    });
    finite(row.labelValue, `${at}.labelValue`, true);
    text(row.labelClass, `${at}.labelClass`);
    record(row.attributions, `${at}.attributions`, (v, p) => finite(v, p, false));
    rows.push(row);
  }
  if (rows.length === 0) problem('there are no rows to fit on');
  if (more > 0) problems.push(`and ${more} more`);
  if (problems.length > 0) throw new ReferenceProfileError('cannot fit a reference profile', problems);
  return rows;
}

/** Every feature named in any row, as a column of one value per row. */
function featureColumns(rows: readonly ReferenceRow[]): Map<string, Column> {
  const names = new Set<string>();
  const textual = new Set<string>();
  const texts = new Set<string>();
  for (const row of rows) {
    for (const name of Object.keys(row.numeric)) names.add(name);
    for (const [name, v] of Object.entries(row.categorical)) {
      names.add(name);
      if (v === null) continue;
      textual.add(name);
      if (isTextValue(v)) texts.add(name);
    }
    if (row.textLengths !== undefined) {
      for (const name of Object.keys(row.textLengths)) {
        names.add(name);
        texts.add(name);
      }
    }
  }
  const columns = new Map<string, Column>();
  for (const name of names) {
    // A row may name the feature on both sides; its string wins there, as it does for the column.
    // Own entries only: a row without `toString` must not read Object.prototype's.
    if (texts.has(name)) {
      columns.set(name, { kind: 'text', values: rows.map((r) => ownValue(r.textLengths, name) ?? lengthOf(ownValue(r.categorical, name))) });
    } else if (textual.has(name)) {
      columns.set(name, {
        kind: 'categorical',
        values: rows.map((r) => ownValue(r.categorical, name) ?? numberText(ownValue(r.numeric, name))),
      });
    } else {
      columns.set(name, { kind: 'numeric', values: rows.map((r) => ownValue(r.numeric, name) ?? null) });
    }
  }
  return columns;
}

/** A string's length in characters; null for a missing value. */
function lengthOf(v: string | null | undefined): number | null {
  return typeof v === 'string' ? textLength(v) : null;
}

function numberText(v: number | null | undefined): string | null {
  return v === null || v === undefined ? null : String(v);
}

/** Classes when any row has one (numbers stringified), else numbers; undefined when neither. */
function mixedColumn(classes: (string | null)[], numbers: (number | null)[]): Column | undefined {
  if (classes.some((c) => c !== null)) return { kind: 'categorical', values: classes.map((c, i) => c ?? numberText(numbers[i])) };
  if (numbers.some((n) => n !== null)) return { kind: 'numeric', values: numbers };
  return undefined;
}

function fitNumericColumn(values: (number | null)[], bins: number, capacity: number): FittedColumn | undefined {
  const present = Float64Array.from(values.filter((v): v is number => v !== null)).sort();
  if (present.length === 0) return undefined;
  const profile = fitNumericProfile(values, { bins });
  const missingBin = binCount(profile);
  return {
    reference: { profile, sample: evenlySpaced(present, capacity), std: populationStd(present) },
    rowBins: values.map((v) => (v === null ? missingBin : numericBinIndex(profile.edges, v))),
    bins: missingBin + 1,
  };
}

function fitCategoricalColumn(values: (string | null)[], maxCategories: number): FittedColumn | undefined {
  if (values.every((v) => v === null)) return undefined;
  const profile = fitCategoricalProfile(values, { maxCategories });
  const index = new Map(profile.categories.map((c, i) => [c, i]));
  const other = profile.categories.length;
  return {
    reference: { profile },
    rowBins: values.map((v) => (v === null ? other + 1 : (index.get(v) ?? other))),
    bins: other + 2,
  };
}

/** All values when they fit, else the order statistics at evenly spaced ranks (min and max kept). */
function evenlySpaced(sorted: Float64Array, capacity: number): number[] {
  const n = sorted.length;
  if (n <= capacity) return Array.from(sorted);
  if (capacity === 1) return [sorted[Math.floor((n - 1) / 2)] as number];
  return Array.from({ length: capacity }, (_, i) => sorted[Math.round((i * (n - 1)) / (capacity - 1))] as number);
}

/**
 * Population standard deviation in two passes with compensated sums (plus the correction term
 * of the corrected two-pass algorithm), over sorted values so the result ignores row order.
 */
function populationStd(sorted: Float64Array): number {
  const n = sorted.length;
  const sum = new CompensatedSum();
  for (const v of sorted) sum.add(v);
  const mean = sum.value / n;
  const squares = new CompensatedSum();
  const deviations = new CompensatedSum();
  for (const v of sorted) {
    squares.add((v - mean) * (v - mean));
    deviations.add(v - mean);
  }
  const variance = (squares.value - (deviations.value * deviations.value) / n) / n;
  return Math.sqrt(Math.max(0, variance));
}

interface Importance {
  readonly values: Record<string, number>;
  readonly source: 'attributions' | 'mutual_information';
}

/**
 * Mean |attribution| per feature over the rows that carry it (the aggregate's 'skip' rule).
 * Rows are added in a canonical order, so the compensated sums ignore row order.
 */
function attributionImportance(rows: readonly ReferenceRow[]): Importance | undefined {
  const events = rows
    .map((r) => r.attributions)
    .filter((a): a is Readonly<Record<string, number>> => a !== undefined && Object.keys(a).length > 0)
    .map((a) => ({ a, key: stableJson(a) }))
    .sort((x, y) => compareCodeUnits(x.key, y.key));
  if (events.length === 0) return undefined;
  const aggregate = new AttributionAggregate();
  for (const { a } of events) aggregate.add(a);
  return { values: Object.fromEntries(aggregate.importances()), source: 'attributions' };
}

/** Mutual information of each feature's bin with the label, over the rows that have a label. */
function mutualInformationImportance(features: ReadonlyMap<string, FittedColumn>, labelColumn: Column, label: FittedColumn): Importance {
  // A class label is its own target; a numeric label is binned with the label's reference bins.
  const target = labelColumn.values.map((v, i) => (v === null ? null : labelColumn.kind === 'categorical' ? (v as string) : String(label.rowBins[i])));
  const values = [...features].map(([name, column]): [string, number] => {
    const table = new ContingencyTable(column.bins);
    target.forEach((t, i) => {
      if (t !== null) table.add(column.rowBins[i] as number, t);
    });
    return [name, mutualInformation(table)];
  });
  return { values: Object.fromEntries(values), source: 'mutual_information' };
}

/** The class a row predicted and the class it had, as strings (numbers stringified). */
function predictedClass(row: ReferenceRow): string | null {
  return row.predictionLabel ?? numberText(row.predictionValue);
}

function labelClass(row: ReferenceRow): string | null {
  return row.labelClass ?? numberText(row.labelValue);
}

function classificationPerformance(rows: readonly ReferenceRow[]): ReferencePerformance | undefined {
  let n = 0;
  let correct = 0;
  for (const row of rows) {
    const predicted = predictedClass(row);
    const actual = labelClass(row);
    if (predicted === null || actual === null) continue;
    n++;
    if (predicted === actual) correct++;
  }
  return n === 0 ? undefined : { rows: n, accuracy: correct / n };
}

/** MAE and MSE as the windows compute them (RegressionState), rows added in sorted order. */
function regressionPerformance(rows: readonly ReferenceRow[]): ReferencePerformance | undefined {
  const pairs: [actual: number, predicted: number][] = [];
  for (const row of rows) {
    if (row.labelValue != null && row.predictionValue != null) pairs.push([row.labelValue, row.predictionValue]);
  }
  if (pairs.length === 0) return undefined;
  pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const state = new RegressionState();
  for (const [actual, predicted] of pairs) state.add(actual, predicted);
  return { rows: state.count, mae: state.absoluteErrorSum / state.count, mse: state.squaredErrorSum / state.count };
}

/** Class names taken to mean "the positive class", in any case, by priority. */
const POSITIVE_NAMES = ['1', 'true', 'yes', 'positive'];

/**
 * CBPE needs a binary reference: exactly two label classes, and scores keyed by one of them. The
 * positive class is a scored class; of two, a conventional positive name, else the greater name.
 * The calibrator is fitted when NannyML's rule says the scores need it.
 */
function fitEstimation(rows: readonly ReferenceRow[]): ReferenceEstimation | undefined {
  const labelled = rows.filter((r) => labelClass(r) !== null);
  const classes = [...new Set(labelled.map((r) => labelClass(r) as string))].sort(compareCodeUnits);
  if (classes.length !== 2) return undefined;
  const scored = classes.filter((c) => labelled.some((r) => ownValue(r.scores, c) !== undefined));
  if (scored.length === 0) return undefined;
  const conventional = POSITIVE_NAMES.map((name) => scored.find((c) => c.toLowerCase() === name)).find((c) => c !== undefined);
  const positiveClass = conventional ?? (scored[scored.length - 1] as string);
  const pairs: [score: number, label: number][] = [];
  for (const row of labelled) {
    const score = ownValue(row.scores, positiveClass);
    if (score !== undefined) pairs.push([score, labelClass(row) === positiveClass ? 1 : 0]);
  }
  // The calibration check shuffles by index with a seed: sorted input makes it ignore row order.
  pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const scores = pairs.map((p) => p[0]);
  const labels = pairs.map((p) => p[1]);
  let calibrate: boolean;
  try {
    calibrate = needsCalibration(labels, scores);
  } catch (error) {
    // Too few scored rows to split and check (e.g. one row per class): no estimation.
    if (error instanceof EstimationInputError) return undefined;
    throw error;
  }
  return { positiveClass, calibrator: calibrate ? IsotonicRegression.fit(scores, labels).toJSON() : null };
}
