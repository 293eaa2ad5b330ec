import type { BinProfile } from '../drift/bin-profile.ts';
import { binCount } from '../drift/bin-profile.ts';
import { numericBinIndex } from '../drift/numeric-profile.ts';
import type { InferenceRecord } from '../events/inference-event.ts';
import { textLength } from '../events/text-value.ts';
import { DataQualityState, dataQualityAggregate, type DataQualityStateJSON, type QualityEvent, type QualityProfile } from '../health/data-quality.ts';
import { LatencySketch, type LatencySketchJSON } from '../health/latency-sketch.ts';
import { ServiceHealthState, type ServiceHealthStateJSON } from '../health/service-health.ts';
import { calibrationBin, type CalibrationBinJSON } from '../performance/calibration-bins.ts';
import { ValueSampleCounts, type ValueCount, type ValueSampleCountsJSON } from '../health/value-sample-counts.ts';
import { AttributionAggregate, type AttributionAggregateJSON } from '../importance/attribution-aggregate.ts';
import {
  ClassificationState,
  LOG_LOSS_EPS,
  type ClassificationRow,
  type ClassificationScoring,
  type ClassificationStateJSON,
} from '../performance/classification-state.ts';
import { MAPE_EPS, RegressionState, type RegressionStateJSON } from '../performance/regression-state.ts';
import type { MergeableAggregate } from '../windows/aggregate.ts';
import { BottomKSample, combineKey, fnv1a32, type BottomKSampleJSON } from './bottom-k-sample.ts';
import { DEFAULT_MONITORING_OPTIONS } from './monitoring-options.ts';
import type { FeatureReference, ReferenceProfile } from './reference-profile.ts';
import type { OutcomeRecord, WindowInput } from './window-input.ts';

export interface ModelWindowStateOptions {
  /** Values kept per numeric feature (and numeric prediction / label) for KS and Wasserstein; 0 keeps none. */
  readonly sampleCapacity?: number;
}

/** One feature's (or the prediction's, or the label's) window, counted into the reference's bins. */
export interface FeatureWindowCounts {
  readonly kind: 'numeric' | 'categorical';
  /** Per reference bin (numericBinIndex / category index, the last categorical bin is "other"). */
  readonly counts: number[];
  /** Values that were null, absent, NaN or of the other kind (a category for a numeric feature and vice versa). */
  missing: number;
  /** Numeric only (and sampleCapacity > 0): a bottom-k sample of the finite values. */
  readonly sample: BottomKSample | null;
}

interface FeatureWindowJSON {
  readonly name: string;
  readonly kind: 'numeric' | 'categorical';
  readonly counts: readonly number[];
  readonly missing: number;
  readonly sample?: BottomKSampleJSON;
}

export interface ReferenceWindowJSON {
  readonly referenceId: string;
  readonly inferences: number;
  readonly outcomes: number;
  readonly quality: DataQualityStateJSON;
  readonly features: readonly FeatureWindowJSON[];
  readonly prediction: FeatureWindowJSON | null;
  readonly label: FeatureWindowJSON | null;
  /** CBPE: raw positive-class score → [rows predicted negative, rows predicted positive], sorted by score. */
  readonly cbpe: { readonly positiveClass: string; readonly scores: readonly (readonly [number, number, number])[] } | null;
}

export interface ModelWindowStateJSON {
  readonly version: 1;
  readonly sampleCapacity: number;
  readonly inferences: number;
  readonly rejected: number;
  readonly outcomes: number;
  /** Service health: error count, latency sketch (its sum is the exact sum rounded) and the exact latency sum. */
  readonly health: { readonly errors: number; readonly latency: LatencySketchJSON; readonly latencySum: ExactSumJSON };
  /** Inputs that came without a reference, and the feature names their events carried. */
  readonly unreferenced: { readonly inferences: number; readonly outcomes: number; readonly features: ValueSampleCountsJSON };
  /** The drift parts, one per reference the inputs were counted against, by referenceId. */
  readonly references: readonly ReferenceWindowJSON[];
  /** The classification state (its sums replaced by the exact ones, rounded) and the exact sums (scored states only). */
  readonly classification: { readonly state: ClassificationStateJSON; readonly logLoss: ExactSumJSON | null; readonly calibration: readonly ExactSumJSON[] | null } | null;
  /** Exact sums of |e|, e², |e| / max(|y|, eps), y and y² over the regression outcomes. */
  readonly regression: {
    readonly count: number;
    readonly absoluteError: ExactSumJSON;
    readonly squaredError: ExactSumJSON;
    readonly percentageError: ExactSumJSON;
    readonly actual: ExactSumJSON;
    readonly actualSquared: ExactSumJSON;
  } | null;
  /** Events with attributions, and per feature (by name): [name, count, Σ|φ|, Σφ]. */
  readonly attributions: { readonly events: number; readonly features: readonly (readonly [string, number, ExactSumJSON, ExactSumJSON])[] } | null;
  readonly labelDelay: { readonly latency: LatencySketchJSON; readonly sum: ExactSumJSON };
  /** [detector type, detections], by type. */
  readonly detections: readonly (readonly [string, number])[];
}

/** An exact sum's JSON: [] for 0, else [lowest chunk index, sign, 32-bit chunks from the lowest]. */
export type ExactSumJSON = readonly number[];

/** Distinct feature names tracked for windows without a reference (see ValueSampleCounts). */
export const UNREFERENCED_FEATURE_CAPACITY = 1000;

// ---------------------------------------------------------------------------------------------
// Exact, order-independent sums of doubles.

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const LO_WORD = LITTLE_ENDIAN ? 0 : 1;
const HI_WORD = LITTLE_ENDIAN ? 1 : 0;
const TWO_32 = 4294967296;
/** Adds between carry propagations: each add moves a chunk by < 2^33, so chunks stay below 2^53. */
const NORMALIZE_EVERY = 1 << 19;
const NO_CHUNKS = new Float64Array(0);

/**
 * The exact sum of doubles, as a fixed-point integer N (the sum is N · 2^-1074, the smallest
 * subnormal, so every double is an integer here) held in 32-bit chunks. Adding is exact, so the
 * sum is the same whatever the order of the terms and however they were split and merged, and
 * its JSON (canonical chunks) is identical for equal sums: unlike a compensated (Neumaier) sum,
 * whose two doubles depend on the order. `value` is the sum rounded to a double (within one unit
 * in the last place, and a function of the exact sum only). About 30 ns per add.
 */
export class ExactSum {
  /** Chunk index of chunks[0]: chunk k weighs 2^(32k) units of 2^-1074. */
  private base = 0;
  private chunks: Float64Array = NO_CHUNKS;
  private pending = 0;
  private negative = false;

  add(x: number): void {
    if (x === 0) return;
    if (!Number.isFinite(x)) throw new RangeError(`an exact sum adds finite numbers only, got ${x}`);
    F64[0] = x;
    const hi = U32[HI_WORD] as number;
    const lo = U32[LO_WORD] as number;
    const biased = (hi >>> 20) & 0x7ff;
    let top = hi & 0xfffff;
    let shift = 0;
    if (biased !== 0) {
      top += 0x100000;
      shift = biased - 1;
    }
    // N = (top · 2^32 + lo) · 2^shift, spread over chunks c, c + 1, c + 2.
    const c = shift >>> 5;
    const o = shift & 31;
    const p0 = (lo << o) >>> 0;
    const t = top * 2 ** o;
    const p1 = (o === 0 ? 0 : lo >>> (32 - o)) + (t % TWO_32);
    const p2 = Math.floor(t / TWO_32);
    this.ensure(c, c + 2);
    const ch = this.chunks;
    const i = c - this.base;
    if (hi >>> 31 !== (this.negative ? 1 : 0)) {
      ch[i] = (ch[i] as number) - p0;
      ch[i + 1] = (ch[i + 1] as number) - p1;
      ch[i + 2] = (ch[i + 2] as number) - p2;
    } else {
      ch[i] = (ch[i] as number) + p0;
      ch[i + 1] = (ch[i + 1] as number) + p1;
      ch[i + 2] = (ch[i + 2] as number) + p2;
    }
    if (++this.pending >= NORMALIZE_EVERY) this.normalize();
  }

  /** Adds another exact sum (the other is not changed). */
  addSum(other: ExactSum): void {
    other.normalize();
    if (other.chunks.length === 0) return;
    this.normalize();
    const sign = other.negative !== this.negative ? -1 : 1;
    this.ensure(other.base, other.base + other.chunks.length - 1);
    const offset = other.base - this.base;
    for (let i = 0; i < other.chunks.length; i++) this.chunks[offset + i] = (this.chunks[offset + i] as number) + sign * (other.chunks[i] as number);
    this.pending = 1;
    this.normalize();
  }

  static merge(a: ExactSum, b: ExactSum): ExactSum {
    const out = a.copy();
    out.addSum(b);
    return out;
  }

  copy(): ExactSum {
    this.normalize();
    const out = new ExactSum();
    out.base = this.base;
    out.chunks = this.chunks.slice();
    out.negative = this.negative;
    return out;
  }

  get isZero(): boolean {
    this.normalize();
    return this.chunks.length === 0;
  }

  /** The sum rounded to a double (summed from the most significant chunk down). */
  get value(): number {
    this.normalize();
    let v = 0;
    for (let i = this.chunks.length - 1; i >= 0; i--) v += (this.chunks[i] as number) * 2 ** (32 * (this.base + i) - 1074);
    return this.negative ? -v : v;
  }

  /** The exact sum times 2^1074, as an integer. */
  scaled(): bigint {
    this.normalize();
    let n = 0n;
    for (let i = this.chunks.length - 1; i >= 0; i--) n = (n << 32n) + BigInt(this.chunks[i] as number);
    n <<= BigInt(32 * this.base);
    return this.negative ? -n : n;
  }

  /** Canonical: [] for 0, else [lowest chunk index, sign (1 or -1), chunks from the lowest, each in [0, 2^32)]. */
  toJSON(): ExactSumJSON {
    this.normalize();
    return this.chunks.length === 0 ? [] : [this.base, this.negative ? -1 : 1, ...this.chunks];
  }

  static fromJSON(json: unknown, what = 'an exact sum'): ExactSum {
    if (!Array.isArray(json)) throw new RangeError(`${what} must be an array`);
    const out = new ExactSum();
    if (json.length === 0) return out;
    const [base, sign, ...chunks] = json as unknown[];
    if (!Number.isSafeInteger(base) || (base as number) < 0 || (sign !== 1 && sign !== -1) || chunks.length === 0) throw new RangeError(`${what}: bad header`);
    for (const c of chunks) if (!Number.isSafeInteger(c) || (c as number) < 0 || (c as number) >= TWO_32) throw new RangeError(`${what}: chunks must be integers in [0, 2^32)`);
    if (chunks[0] === 0 || chunks[chunks.length - 1] === 0) throw new RangeError(`${what}: not canonical (zero end chunk)`);
    out.base = base as number;
    out.negative = sign === -1;
    out.chunks = Float64Array.from(chunks as number[]);
    return out;
  }

  /** Grows the chunk range to hold indices lo..hi. */
  private ensure(lo: number, hi: number): void {
    const end = this.base + this.chunks.length - 1;
    if (this.chunks.length > 0 && lo >= this.base && hi <= end) return;
    const newBase = this.chunks.length === 0 ? lo : Math.min(lo, this.base);
    const newEnd = this.chunks.length === 0 ? hi + 1 : Math.max(hi, end) + 1; // one spare chunk for carries
    const next = new Float64Array(newEnd - newBase + 1);
    if (this.chunks.length > 0) next.set(this.chunks, this.base - newBase);
    this.chunks = next;
    this.base = newBase;
  }

  /** Carries, sign-magnitude form, trimmed: chunks in [0, 2^32), no zero chunk at either end. */
  private normalize(): void {
    if (this.pending === 0) return;
    this.pending = 0;
    let ch = this.chunks;
    let carry = 0;
    for (let i = 0; i < ch.length; i++) {
      const v = (ch[i] as number) + carry;
      carry = Math.floor(v / TWO_32);
      ch[i] = v - carry * TWO_32;
    }
    // Rare: the carry needs chunks above the range (two's complement digits when negative).
    const extra: number[] = [];
    while (carry !== 0 && carry !== -1) {
      const c = Math.floor(carry / TWO_32);
      extra.push(carry - c * TWO_32);
      carry = c;
    }
    if (extra.length > 0) {
      const next = new Float64Array(ch.length + extra.length);
      next.set(ch);
      next.set(extra, ch.length);
      ch = next;
    }
    if (carry === -1) {
      // The chunks D stand for D - 2^(32L) < 0: keep the magnitude 2^(32L) - D and flip the sign.
      let borrow = 0;
      for (let i = 0; i < ch.length; i++) {
        const v = -(ch[i] as number) - borrow;
        borrow = v < 0 ? 1 : 0;
        ch[i] = v + borrow * TWO_32;
      }
      if (borrow === 0) {
        const next = new Float64Array(ch.length + 1);
        next.set(ch);
        next[ch.length] = 1;
        ch = next;
      }
      this.negative = !this.negative;
    }
    let first = 0;
    let last = ch.length - 1;
    while (first <= last && ch[first] === 0) first++;
    while (last >= first && ch[last] === 0) last--;
    if (first > last) {
      this.chunks = NO_CHUNKS;
      this.base = 0;
      this.negative = false;
    } else {
      this.chunks = first === 0 && last === ch.length - 1 ? ch : ch.slice(first, last + 1);
      this.base += first;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The reference, compiled once per referenceId for the per-event path.

interface BinPlan {
  readonly name: string;
  readonly kind: 'numeric' | 'categorical';
  readonly bins: number;
  readonly edges: readonly number[] | null;
  readonly categories: ReadonlyMap<string, number> | null;
  readonly nameHash: number;
  /** A text feature: its strings are counted by length into the numeric bins (FeatureReference.text). */
  readonly text: boolean;
}

interface ReferencePlan {
  readonly referenceId: string;
  /** By name, code-unit order. */
  readonly features: readonly BinPlan[];
  readonly prediction: BinPlan | null;
  readonly label: BinPlan | null;
  readonly quality: MergeableAggregate<QualityEvent, DataQualityState>;
  readonly positiveClass: string | null;
  readonly scoring: ClassificationScoring;
  readonly scoringKey: string;
}

const LABELS_KEY = JSON.stringify({ kind: 'labels' });
const PLAN_CACHE_SIZE = 256;
const plansByObject = new WeakMap<ReferenceProfile, ReferencePlan>();
const plansById = new Map<string, ReferencePlan>();

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function binPlan(name: string, profile: BinProfile, text = false): BinPlan {
  const categories = profile.kind === 'categorical' ? new Map(profile.categories.map((c, i) => [c, i] as const)) : null;
  return { name, kind: profile.kind, bins: binCount(profile), edges: profile.kind === 'numeric' ? profile.edges : null, categories, nameHash: fnv1a32(name), text };
}

/**
 * The classification scoring a reference implies (the same for every window of that reference):
 * binary when the label has two classes (positive: estimation.positiveClass when it is one of
 * them, else the code-unit greater one, as '1' over '0' or 'yes' over 'no'), multiclass for more,
 * labels only without a categorical label profile.
 */
export function referenceScoring(reference: ReferenceProfile | null): ClassificationScoring {
  const profile = reference?.label?.profile;
  if (profile === undefined || profile.kind !== 'categorical' || profile.categories.length < 2) return { kind: 'labels' };
  const classes = profile.categories;
  if (classes.length === 2) {
    const [x, y] = classes as readonly [string, string];
    const wanted = reference?.estimation?.positiveClass;
    const positive = wanted === x || wanted === y ? wanted : compareNames(x, y) > 0 ? x : y;
    return { kind: 'binary', negativeLabel: positive === x ? y : x, positiveLabel: positive };
  }
  return { kind: 'multiclass', classes: [...classes] };
}

function planFor(reference: ReferenceProfile): ReferencePlan {
  let plan = plansByObject.get(reference);
  if (plan !== undefined) return plan;
  plan = plansById.get(reference.referenceId);
  if (plan === undefined) {
    const names = Object.keys(reference.features).sort(compareNames);
    const features = names.map((name) => [name, reference.features[name] as FeatureReference] as const);
    const profiles: Record<string, QualityProfile> = Object.fromEntries(features.map(([name, f]) => [name, f.text === true ? { kind: 'text' } : f.profile]));
    const scoring = referenceScoring(reference);
    plan = {
      referenceId: reference.referenceId,
      features: features.map(([name, f]) => binPlan(name, f.profile, f.text === true)),
      prediction: reference.prediction ? binPlan('prediction', reference.prediction.profile) : null,
      label: reference.label ? binPlan('label', reference.label.profile) : null,
      quality: dataQualityAggregate(profiles),
      positiveClass: reference.estimation?.positiveClass ?? null,
      scoring,
      scoringKey: JSON.stringify(scoring),
    };
    if (plansById.size >= PLAN_CACHE_SIZE) plansById.delete(plansById.keys().next().value as string);
  } else {
    plansById.delete(reference.referenceId); // re-inserted below: least recently used goes first
  }
  plansById.set(reference.referenceId, plan);
  plansByObject.set(reference, plan);
  return plan;
}

// ---------------------------------------------------------------------------------------------
// The drift parts counted against one reference.

function emptyFeatureWindow(plan: BinPlan, sampleCapacity: number): FeatureWindowCounts {
  return {
    kind: plan.kind,
    counts: new Array<number>(plan.bins).fill(0),
    missing: 0,
    sample: plan.kind === 'numeric' && sampleCapacity > 0 ? new BottomKSample(sampleCapacity) : null,
  };
}

function countNumber(plan: BinPlan, f: FeatureWindowCounts, v: unknown, idHash: number): void {
  if (typeof v !== 'number' || Number.isNaN(v)) {
    f.missing++;
    return;
  }
  const i = numericBinIndex(plan.edges as readonly number[], v);
  f.counts[i] = (f.counts[i] as number) + 1;
  if (f.sample !== null && Number.isFinite(v)) f.sample.add(v, combineKey(idHash, plan.nameHash));
}

function countCategory(plan: BinPlan, f: FeatureWindowCounts, v: unknown): void {
  if (typeof v !== 'string') {
    f.missing++;
    return;
  }
  const categories = plan.categories as ReadonlyMap<string, number>;
  const i = categories.get(v) ?? categories.size;
  f.counts[i] = (f.counts[i] as number) + 1;
}

/** A text feature's value as its length; anything else (a number, absent) is missing, as for a numeric feature. */
function lengthOfText(v: unknown): number | undefined {
  return typeof v === 'string' ? textLength(v) : undefined;
}

/** predictionLabel ?? String(predictionValue); null without a prediction. */
export function predictedClass(record: { readonly predictionLabel: string | null; readonly predictionValue: number | null }): string | null {
  return record.predictionLabel ?? (record.predictionValue === null || record.predictionValue === undefined ? null : String(record.predictionValue));
}

function featureWindowToJSON(name: string, f: FeatureWindowCounts): FeatureWindowJSON {
  return { name, kind: f.kind, counts: [...f.counts], missing: f.missing, ...(f.sample ? { sample: f.sample.toJSON() } : {}) };
}

function featureWindowFromJSON(json: unknown, what: string): { name: string; window: FeatureWindowCounts } {
  const j = object(json, what);
  const name = j['name'];
  const kind = j['kind'];
  if (typeof name !== 'string' || (kind !== 'numeric' && kind !== 'categorical')) throw new RangeError(`${what} needs a string name and kind numeric or categorical`);
  const counts = array(j['counts'], `${what}.counts`).map((c) => count(c, `${what}.counts`));
  if (counts.length === 0) throw new RangeError(`${what}.counts is empty`);
  const sample = j['sample'] === undefined ? null : BottomKSample.fromJSON(j['sample']);
  if (sample !== null && kind !== 'numeric') throw new RangeError(`${what}: only numeric features keep a sample`);
  return { name, window: { kind, counts, missing: count(j['missing'], `${what}.missing`), sample } };
}

function mergeFeatureWindows(a: FeatureWindowCounts, b: FeatureWindowCounts, what: string): FeatureWindowCounts {
  if (a.kind !== b.kind || a.counts.length !== b.counts.length || (a.sample === null) !== (b.sample === null)) {
    throw new RangeError(`cannot merge the windows of ${what}: counted into different bins`);
  }
  return {
    kind: a.kind,
    counts: a.counts.map((c, i) => c + (b.counts[i] as number)),
    missing: a.missing + b.missing,
    sample: a.sample && b.sample ? BottomKSample.merge(a.sample, b.sample) : null,
  };
}

/** The parts of a window counted against one reference: feature, prediction and label bins, data quality, CBPE. */
export class ReferenceWindow {
  inferences = 0;
  outcomes = 0;
  /** By feature name, code-unit order. */
  readonly features: Map<string, FeatureWindowCounts>;
  /** The same, in the order of the reference's sorted feature names (the per-event path). */
  private readonly featureList: FeatureWindowCounts[];

  constructor(
    readonly referenceId: string,
    readonly quality: DataQualityState,
    features: ReadonlyArray<readonly [string, FeatureWindowCounts]>,
    readonly prediction: FeatureWindowCounts | null,
    readonly label: FeatureWindowCounts | null,
    readonly cbpePositiveClass: string | null,
    /** CBPE: raw score → [predicted negative, predicted positive] rows. */
    readonly cbpeScores: Map<number, [number, number]>,
  ) {
    const sorted = [...features].sort((x, y) => compareNames(x[0], y[0]));
    this.features = new Map(sorted);
    this.featureList = sorted.map(([, f]) => f);
  }

  static empty(plan: ReferencePlan, sampleCapacity: number): ReferenceWindow {
    return new ReferenceWindow(
      plan.referenceId,
      plan.quality.empty(),
      plan.features.map((p) => [p.name, emptyFeatureWindow(p, sampleCapacity)] as const),
      plan.prediction ? emptyFeatureWindow(plan.prediction, sampleCapacity) : null,
      plan.label ? emptyFeatureWindow(plan.label, sampleCapacity) : null,
      plan.positiveClass,
      new Map(),
    );
  }

  addInference(plan: ReferencePlan, event: InferenceRecord): void {
    this.inferences++;
    plan.quality.add(this.quality, event);
    const idHash = fnv1a32(event.eventId);
    const numeric = event.numericFeatures;
    const categorical = event.categoricalFeatures;
    const plans = plan.features;
    const windows = this.featureList;
    if (windows.length !== plans.length) throw new RangeError(`reference window ${this.referenceId} does not match its reference's features`);
    for (let i = 0; i < plans.length; i++) {
      const p = plans[i] as BinPlan;
      if (p.text) countNumber(p, windows[i] as FeatureWindowCounts, lengthOfText(categorical[p.name]), idHash);
      else if (p.edges !== null) countNumber(p, windows[i] as FeatureWindowCounts, numeric[p.name], idHash);
      else countCategory(p, windows[i] as FeatureWindowCounts, categorical[p.name]);
    }
    const pp = plan.prediction;
    if (pp !== null && this.prediction !== null) {
      if (pp.edges !== null) countNumber(pp, this.prediction, event.predictionValue, idHash);
      else countCategory(pp, this.prediction, predictedClass(event));
    }
    const positive = this.cbpePositiveClass;
    if (positive !== null) {
      const score = event.scores[positive];
      if (typeof score === 'number' && score >= 0 && score <= 1) {
        const entry = this.cbpeScores.get(score);
        const side = predictedClass(event) === positive ? 1 : 0;
        if (entry === undefined) this.cbpeScores.set(score, side === 1 ? [0, 1] : [1, 0]);
        else entry[side]++;
      }
    }
  }

  addOutcome(plan: ReferencePlan, outcome: OutcomeRecord): void {
    this.outcomes++;
    const lp = plan.label;
    if (lp === null || this.label === null) return;
    if (lp.edges !== null) countNumber(lp, this.label, outcome.labelValue, fnv1a32(outcome.predictionId));
    else countCategory(lp, this.label, outcome.labelClass ?? (typeof outcome.labelValue === 'number' ? String(outcome.labelValue) : null));
  }

  /** Inputs counted against this reference (inference events and outcomes): what decides a reference conflict. */
  get inputs(): number {
    return this.inferences + this.outcomes;
  }

  static merge(a: ReferenceWindow, b: ReferenceWindow): ReferenceWindow {
    if (a.referenceId !== b.referenceId) throw new RangeError('cannot merge reference windows of different references');
    if (a.features.size !== b.features.size || (a.prediction === null) !== (b.prediction === null) || (a.label === null) !== (b.label === null) || a.cbpePositiveClass !== b.cbpePositiveClass) {
      throw new RangeError(`reference windows of ${a.referenceId} differ in shape`);
    }
    const features = [...a.features].map(([name, f]) => {
      const g = b.features.get(name);
      if (g === undefined) throw new RangeError(`reference windows of ${a.referenceId} differ in features`);
      return [name, mergeFeatureWindows(f, g, name)] as const;
    });
    const cbpe = new Map<number, [number, number]>();
    for (const w of [a, b]) {
      for (const [s, [neg, pos]] of w.cbpeScores) {
        const e = cbpe.get(s);
        if (e === undefined) cbpe.set(s, [neg, pos]);
        else {
          e[0] += neg;
          e[1] += pos;
        }
      }
    }
    const out = new ReferenceWindow(
      a.referenceId,
      DataQualityState.merge(a.quality, b.quality),
      features,
      a.prediction && b.prediction ? mergeFeatureWindows(a.prediction, b.prediction, 'the prediction') : null,
      a.label && b.label ? mergeFeatureWindows(a.label, b.label, 'the label') : null,
      a.cbpePositiveClass,
      cbpe,
    );
    out.inferences = a.inferences + b.inferences;
    out.outcomes = a.outcomes + b.outcomes;
    return out;
  }

  toJSON(): ReferenceWindowJSON {
    return {
      referenceId: this.referenceId,
      inferences: this.inferences,
      outcomes: this.outcomes,
      quality: this.quality.toJSON(),
      features: [...this.features].map(([name, f]) => featureWindowToJSON(name, f)),
      prediction: this.prediction ? featureWindowToJSON('prediction', this.prediction) : null,
      label: this.label ? featureWindowToJSON('label', this.label) : null,
      cbpe:
        this.cbpePositiveClass === null
          ? null
          : { positiveClass: this.cbpePositiveClass, scores: [...this.cbpeScores].sort((x, y) => x[0] - y[0]).map(([s, [neg, pos]]) => [s, neg, pos] as const) },
    };
  }

  static fromJSON(json: unknown): ReferenceWindow {
    const j = object(json, 'a reference window');
    const referenceId = j['referenceId'];
    if (typeof referenceId !== 'string') throw new RangeError('a reference window needs a string referenceId');
    const features = array(j['features'], 'features').map((f, i) => {
      const { name, window } = featureWindowFromJSON(f, `feature ${i}`);
      return [name, window] as const;
    });
    if (new Set(features.map(([n]) => n)).size !== features.length) throw new RangeError('a reference window lists a feature twice');
    const optional = (v: unknown, what: string): FeatureWindowCounts | null => (v === null || v === undefined ? null : featureWindowFromJSON(v, what).window);
    let positiveClass: string | null = null;
    const cbpe = new Map<number, [number, number]>();
    if (j['cbpe'] !== null && j['cbpe'] !== undefined) {
      const c = object(j['cbpe'], 'cbpe');
      if (typeof c['positiveClass'] !== 'string') throw new RangeError('cbpe.positiveClass must be a string');
      positiveClass = c['positiveClass'];
      for (const e of array(c['scores'], 'cbpe.scores')) {
        const [s, neg, pos] = array(e, 'a cbpe score');
        if (typeof s !== 'number' || !(s >= 0 && s <= 1) || cbpe.has(s)) throw new RangeError('cbpe scores must be distinct numbers in [0, 1]');
        cbpe.set(s, [count(neg, 'cbpe count'), count(pos, 'cbpe count')]);
      }
    }
    const out = new ReferenceWindow(
      referenceId,
      DataQualityState.fromJSON(j['quality']),
      features,
      optional(j['prediction'], 'prediction'),
      optional(j['label'], 'label'),
      positiveClass,
      cbpe,
    );
    out.inferences = count(j['inferences'], 'inferences');
    out.outcomes = count(j['outcomes'], 'outcomes');
    if (out.quality.events !== out.inferences) throw new RangeError('a reference window counts different events in data quality');
    return out;
  }
}

// ---------------------------------------------------------------------------------------------

interface AttributionSums {
  count: number;
  readonly absolute: ExactSum;
  readonly signed: ExactSum;
}

interface RegressionSums {
  count: number;
  readonly absoluteError: ExactSum;
  readonly squaredError: ExactSum;
  readonly percentageError: ExactSum;
  readonly actual: ExactSum;
  /** Σ y², exact: each y² is added as the two doubles of its exact product. */
  readonly actualSquared: ExactSum;
}

/** The exact sums of a scored classification state (the state's own compensated sums are not used). */
interface ClassificationSums {
  readonly logLoss: ExactSum;
  /** Binary: score sum per calibration bin. */
  readonly calibration: readonly ExactSum[] | null;
}

/**
 * The mergeable state of one model series (model, version, segment) in one event-time window.
 * See monitoring/README.md for the parts and the merge rules. `add` changes the state in place
 * (no JSON, little allocation); `merge` returns a new state and changes neither input.
 *
 * Every floating-point sum is an ExactSum, so the state (and its JSON) is identical whatever the
 * order and grouping of the inputs. The existing window states (ServiceHealthState,
 * ClassificationState, RegressionState, AttributionAggregate, LatencySketch) keep Neumaier or
 * Welford sums that depend on the order in their last bits; the getters `health`,
 * `classification`, `regression`, `attributions` and `labelDelay` build them from the exact sums.
 */
export class ModelWindowState {
  readonly sampleCapacity: number;
  private inferences = 0;
  private rejected = 0;
  private outcomes = 0;
  private errors = 0;
  private latencySketch = new LatencySketch();
  private latencySum = new ExactSum();
  private unreferencedInferences = 0;
  private unreferencedOutcomes = 0;
  private unreferencedFeatures = new ValueSampleCounts(UNREFERENCED_FEATURE_CAPACITY);
  private readonly references = new Map<string, ReferenceWindow>();
  private classificationState: ClassificationState | null = null;
  private classificationKey = LABELS_KEY;
  private classificationSums: ClassificationSums | null = null;
  private regressionSums: RegressionSums | null = null;
  private attributionEvents = 0;
  private readonly attributionSums = new Map<string, AttributionSums>();
  private delaySketch = new LatencySketch();
  private delaySum = new ExactSum();
  private readonly detectionCounts = new Map<string, number>();

  constructor(options: ModelWindowStateOptions = {}) {
    const { sampleCapacity = DEFAULT_MONITORING_OPTIONS.sampleCapacity } = options;
    if (!Number.isSafeInteger(sampleCapacity) || sampleCapacity < 0) throw new RangeError(`sampleCapacity must be a non-negative integer, got ${sampleCapacity}`);
    this.sampleCapacity = sampleCapacity;
  }

  /** Inputs counted: inference events + outcomes + rejected records. */
  get events(): number {
    return this.inferences + this.outcomes + this.rejected;
  }

  /** Inference events counted. */
  get inferenceCount(): number {
    return this.inferences;
  }

  /** Records ingest refused (DLQ) for this model. */
  get rejectedCount(): number {
    return this.rejected;
  }

  /** Outcomes (predictions joined with a label) counted. */
  get outcomeCount(): number {
    return this.outcomes;
  }

  /** Inference events counted without a reference. */
  get unreferencedInferenceCount(): number {
    return this.unreferencedInferences;
  }

  get unreferencedOutcomeCount(): number {
    return this.unreferencedOutcomes;
  }

  /** Feature names the events without a reference carried, with the events that carried each (by name; a sample past 1000 names). */
  unreferencedFeatureCounts(): ValueCount[] {
    return this.unreferencedFeatures.entries();
  }

  /**
   * The drift parts that count: those of the reference with the most inputs (inference events +
   * outcomes), ties to the greater referenceId; null when no input came with a reference.
   */
  get driftWindow(): ReferenceWindow | null {
    let best: ReferenceWindow | null = null;
    for (const w of this.references.values()) {
      if (best === null || w.inputs > best.inputs || (w.inputs === best.inputs && w.referenceId > best.referenceId)) best = w;
    }
    return best;
  }

  /** The reference the drift parts were counted against (see driftWindow). */
  get referenceId(): string | null {
    return this.driftWindow?.referenceId ?? null;
  }

  /** Inference events counted against another reference than referenceId: left out of drift and data quality. */
  get referenceConflicts(): number {
    const kept = this.driftWindow;
    let dropped = 0;
    for (const w of this.references.values()) if (w !== kept) dropped += w.inferences;
    return dropped;
  }

  /** Every reference window held, by referenceId (more than one only across a reference change). */
  referenceWindows(): ReferenceWindow[] {
    return [...this.references.values()].sort((x, y) => compareNames(x.referenceId, y.referenceId));
  }

  /** Data quality against the reference (null before there is one). */
  get quality(): DataQualityState | null {
    return this.driftWindow?.quality ?? null;
  }

  /** Service health (a new object built from the exact sums on each call). */
  get health(): ServiceHealthState {
    return ServiceHealthState.fromJSON(this.healthJSON());
  }

  /** Label delays in ms (a new sketch built from the exact sum on each call). */
  get labelDelay(): LatencySketch {
    return LatencySketch.fromJSON(sketchJSON(this.delaySketch, this.delaySum));
  }

  /** Classification outcomes (a new object on each call); null when there were none. */
  get classification(): ClassificationState | null {
    const json = this.classificationJSON();
    return json === null ? null : ClassificationState.fromJSON(json.state);
  }

  /** Regression outcomes (a new object on each call); null when there were none. */
  get regression(): RegressionState | null {
    const r = this.regressionSums;
    if (r === null) return null;
    const n = r.count;
    const a = r.actual.scaled();
    const mean = ratioToNumber(a, n, 1074);
    // Σ (y − mean)² = (n Σy² − (Σy)²) / n, from the exact sums (no cancellation).
    const m2 = ratioToNumber(BigInt(n) * (r.actualSquared.scaled() << 1074n) - a * a, n, 2148);
    return RegressionState.fromJSON({
      version: 1,
      count: n,
      actualMean: mean,
      actualM2: Math.max(0, m2),
      absoluteErrorSum: compensated(r.absoluteError),
      squaredErrorSum: compensated(r.squaredError),
      absolutePercentageErrorSum: compensated(r.percentageError),
    } satisfies RegressionStateJSON);
  }

  /** Attributions (a new object on each call); null when no event carried any. */
  get attributions(): AttributionAggregate | null {
    if (this.attributionEvents === 0) return null;
    return AttributionAggregate.fromJSON({
      version: 1,
      events: this.attributionEvents,
      features: [...this.attributionSums.keys()].sort(compareNames).map((feature) => {
        const s = this.attributionSums.get(feature) as AttributionSums;
        return { feature, count: s.count, absoluteSum: compensated(s.absolute), signedSum: compensated(s.signed) };
      }),
    } satisfies AttributionAggregateJSON);
  }

  /** Change-detector signals by detector type. */
  get detections(): ReadonlyMap<string, number> {
    return this.detectionCounts;
  }

  add(input: WindowInput): void {
    switch (input.kind) {
      case 'rejected':
        this.rejected++;
        return;
      case 'inference':
        this.addInference(input.event, input.reference);
        return;
      case 'outcome':
        this.addOutcome(input.outcome, input.reference, input.detections);
        return;
      default:
        throw new RangeError(`unknown window input kind ${String((input as { kind?: unknown }).kind)}`);
    }
  }

  private referenceWindow(reference: ReferenceProfile): { plan: ReferencePlan; window: ReferenceWindow } {
    const plan = planFor(reference);
    let window = this.references.get(plan.referenceId);
    if (window === undefined) {
      window = ReferenceWindow.empty(plan, this.sampleCapacity);
      this.references.set(plan.referenceId, window);
    }
    return { plan, window };
  }

  private addInference(event: InferenceRecord, reference: ReferenceProfile | null): void {
    // Service health: an unusable latency (negative, not finite) counts as not reported.
    const latency = event.latencyMs;
    if (typeof latency === 'number' && latency >= 0 && latency < Infinity) {
      this.latencySketch.add(latency);
      this.latencySum.add(latency);
    }
    this.inferences++;
    if (event.status === 'error') this.errors++;
    const attributions = event.attributions;
    if (attributions !== undefined && attributions !== null) this.addAttributions(attributions);
    if (reference !== null) {
      const { plan, window } = this.referenceWindow(reference);
      window.addInference(plan, event);
    } else {
      this.unreferencedInferences++;
      const seen = this.unreferencedFeatures;
      for (const name in event.numericFeatures) if (Object.hasOwn(event.numericFeatures, name)) seen.add(name);
      for (const name in event.categoricalFeatures) if (Object.hasOwn(event.categoricalFeatures, name)) seen.add(name);
      for (const name of event.missingFeatures) seen.add(name);
    }
  }

  private addAttributions(attributions: Readonly<Record<string, number>>): void {
    let any = false;
    for (const name in attributions) {
      if (!Object.hasOwn(attributions, name)) continue;
      const v = attributions[name];
      if (typeof v !== 'number' || !Number.isFinite(v)) continue;
      let s = this.attributionSums.get(name);
      if (s === undefined) {
        s = { count: 0, absolute: new ExactSum(), signed: new ExactSum() };
        this.attributionSums.set(name, s);
      }
      s.count++;
      s.absolute.add(Math.abs(v));
      s.signed.add(v);
      any = true;
    }
    if (any) this.attributionEvents++;
  }

  private addOutcome(outcome: OutcomeRecord, reference: ReferenceProfile | null, detections: readonly string[] | undefined): void {
    this.outcomes++;
    const delay = outcome.labelDelayMs;
    if (typeof delay === 'number' && Number.isFinite(delay)) {
      const d = Math.max(0, delay);
      this.delaySketch.add(d);
      this.delaySum.add(d);
    }
    if (detections !== undefined) for (const d of detections) this.detectionCounts.set(d, (this.detectionCounts.get(d) ?? 0) + 1);
    let plan: ReferencePlan | null = null;
    if (reference !== null) {
      const r = this.referenceWindow(reference);
      plan = r.plan;
      r.window.addOutcome(plan, outcome);
    } else {
      this.unreferencedOutcomes++;
    }
    if (outcome.labelClass !== null && outcome.labelClass !== undefined) this.addClassification(outcome, plan);
    else if (isFiniteNumber(outcome.labelValue) && isFiniteNumber(outcome.predictionValue)) this.addRegression(outcome.labelValue, outcome.predictionValue);
  }

  private addRegression(actual: number, predicted: number): void {
    const e = actual - predicted;
    const squared = e * e;
    const percentage = Math.abs(e) / Math.max(Math.abs(actual), MAPE_EPS);
    const [hi, lo] = twoProduct(actual, actual);
    if (!Number.isFinite(squared) || !Number.isFinite(percentage) || !Number.isFinite(hi) || !Number.isFinite(lo)) return; // overflows: left out
    const r = (this.regressionSums ??= {
      count: 0,
      absoluteError: new ExactSum(),
      squaredError: new ExactSum(),
      percentageError: new ExactSum(),
      actual: new ExactSum(),
      actualSquared: new ExactSum(),
    });
    r.count++;
    r.absoluteError.add(Math.abs(e));
    r.squaredError.add(squared);
    r.percentageError.add(percentage);
    r.actual.add(actual);
    r.actualSquared.add(hi);
    r.actualSquared.add(lo);
  }

  /**
   * The row goes in with the reference's scoring when it fits it (labels of the scoring and valid
   * scores); otherwise, and whenever the state already holds another scoring, both become
   * labels-only (confusion matrix), which is what merging the two would give.
   */
  private addClassification(outcome: OutcomeRecord, plan: ReferencePlan | null): void {
    const predicted = predictedClass(outcome);
    if (predicted === null) return;
    const actual = outcome.labelClass as string;
    let row: ClassificationRow = { actual, predicted };
    let key = LABELS_KEY;
    let scoring: ClassificationScoring = { kind: 'labels' };
    let logLoss = 0;
    const s = plan?.scoring;
    if (s !== undefined && s.kind === 'binary') {
      const score = outcome.scores[s.positiveLabel];
      const known = (l: string): boolean => l === s.positiveLabel || l === s.negativeLabel;
      if (known(actual) && known(predicted) && isProbability(score)) {
        row = { actual, predicted, score };
        logLoss = clippedLogLoss(actual === s.positiveLabel ? score : 1 - score);
        key = (plan as ReferencePlan).scoringKey;
        scoring = s;
      }
    } else if (s !== undefined && s.kind === 'multiclass') {
      const index = s.classes.indexOf(actual);
      const scores = index < 0 ? [] : s.classes.map((c) => outcome.scores[c]);
      if (index >= 0 && scores.every(isProbability)) {
        row = { actual, predicted, scores: scores as number[] };
        logLoss = clippedLogLoss(scores[index] as number);
        key = (plan as ReferencePlan).scoringKey;
        scoring = s;
      }
    }
    if (this.classificationState === null) {
      this.classificationState = new ClassificationState({ scoring });
      this.classificationKey = key;
      this.classificationSums = emptyClassificationSums(scoring);
    } else if (this.classificationKey !== key) {
      this.projectClassificationToLabels();
      row = { actual, predicted };
    }
    this.classificationState.add(row);
    const sums = this.classificationSums;
    if (sums !== null) {
      sums.logLoss.add(logLoss);
      if (sums.calibration !== null && row.score !== undefined) (sums.calibration[calibrationBin(row.score)] as ExactSum).add(row.score);
    }
  }

  private projectClassificationToLabels(): void {
    if (this.classificationState === null || this.classificationKey === LABELS_KEY) return;
    this.classificationState = labelsOnly(this.classificationState);
    this.classificationKey = LABELS_KEY;
    this.classificationSums = null;
  }

  /** A new state with the inputs of both; neither changes. */
  static merge(a: ModelWindowState, b: ModelWindowState): ModelWindowState {
    if (a.sampleCapacity !== b.sampleCapacity) throw new RangeError(`cannot merge window states with sample capacities ${a.sampleCapacity} and ${b.sampleCapacity}`);
    const out = new ModelWindowState({ sampleCapacity: a.sampleCapacity });
    out.inferences = a.inferences + b.inferences;
    out.rejected = a.rejected + b.rejected;
    out.outcomes = a.outcomes + b.outcomes;
    out.errors = a.errors + b.errors;
    out.latencySketch = LatencySketch.merge(a.latencySketch, b.latencySketch);
    out.latencySum = ExactSum.merge(a.latencySum, b.latencySum);
    out.unreferencedInferences = a.unreferencedInferences + b.unreferencedInferences;
    out.unreferencedOutcomes = a.unreferencedOutcomes + b.unreferencedOutcomes;
    out.unreferencedFeatures = ValueSampleCounts.merge(a.unreferencedFeatures, b.unreferencedFeatures);
    for (const id of new Set([...a.references.keys(), ...b.references.keys()])) {
      const x = a.references.get(id);
      const y = b.references.get(id);
      out.references.set(id, x && y ? ReferenceWindow.merge(x, y) : ReferenceWindow.fromJSON((x ?? y)?.toJSON()));
    }
    const [ca, cb] = [a.classificationState, b.classificationState];
    if (ca !== null && cb !== null && a.classificationKey !== b.classificationKey) {
      out.classificationState = ClassificationState.merge(labelsOnly(ca), labelsOnly(cb));
    } else if (ca !== null || cb !== null) {
      const c = (ca ?? cb) as ClassificationState;
      out.classificationState = ClassificationState.merge(c, ca && cb ? cb : new ClassificationState({ scoring: c.scoring, scoreDistribution: c.scoreDistributionOptions }));
      out.classificationKey = ca !== null ? a.classificationKey : b.classificationKey;
      const [sa, sb] = [a.classificationSums, b.classificationSums];
      const s = (sa ?? sb) as ClassificationSums | null;
      if (s !== null) {
        const other = sa && sb ? sb : emptyClassificationSums(c.scoring);
        out.classificationSums = {
          logLoss: ExactSum.merge(s.logLoss, (other as ClassificationSums).logLoss),
          calibration: s.calibration === null ? null : s.calibration.map((x, k) => ExactSum.merge(x, (other as ClassificationSums).calibration?.[k] ?? new ExactSum())),
        };
      }
    }
    const [ra, rb] = [a.regressionSums, b.regressionSums];
    if (ra !== null || rb !== null) {
      const r = (ra ?? rb) as RegressionSums;
      const o = ra && rb ? rb : null;
      const m = (x: ExactSum, y: ExactSum | undefined): ExactSum => (y === undefined ? x.copy() : ExactSum.merge(x, y));
      out.regressionSums = {
        count: r.count + (o?.count ?? 0),
        absoluteError: m(r.absoluteError, o?.absoluteError),
        squaredError: m(r.squaredError, o?.squaredError),
        percentageError: m(r.percentageError, o?.percentageError),
        actual: m(r.actual, o?.actual),
        actualSquared: m(r.actualSquared, o?.actualSquared),
      };
    }
    out.attributionEvents = a.attributionEvents + b.attributionEvents;
    for (const source of [a, b]) {
      for (const [name, s] of source.attributionSums) {
        const t = out.attributionSums.get(name);
        if (t === undefined) out.attributionSums.set(name, { count: s.count, absolute: s.absolute.copy(), signed: s.signed.copy() });
        else {
          t.count += s.count;
          t.absolute.addSum(s.absolute);
          t.signed.addSum(s.signed);
        }
      }
    }
    out.delaySketch = LatencySketch.merge(a.delaySketch, b.delaySketch);
    out.delaySum = ExactSum.merge(a.delaySum, b.delaySum);
    for (const s of [a, b]) for (const [d, n] of s.detectionCounts) out.detectionCounts.set(d, (out.detectionCounts.get(d) ?? 0) + n);
    return out;
  }

  /** Plain JSON, canonical: equal states (whatever the order of their inputs) give equal JSON. */
  toJSON(): ModelWindowStateJSON {
    const r = this.regressionSums;
    return {
      version: 1,
      sampleCapacity: this.sampleCapacity,
      inferences: this.inferences,
      rejected: this.rejected,
      outcomes: this.outcomes,
      health: { errors: this.errors, latency: sketchJSON(this.latencySketch, this.latencySum), latencySum: this.latencySum.toJSON() },
      unreferenced: { inferences: this.unreferencedInferences, outcomes: this.unreferencedOutcomes, features: this.unreferencedFeatures.toJSON() },
      references: this.referenceWindows().map((w) => w.toJSON()),
      classification: this.classificationJSON(),
      regression:
        r === null
          ? null
          : {
              count: r.count,
              absoluteError: r.absoluteError.toJSON(),
              squaredError: r.squaredError.toJSON(),
              percentageError: r.percentageError.toJSON(),
              actual: r.actual.toJSON(),
              actualSquared: r.actualSquared.toJSON(),
            },
      attributions:
        this.attributionEvents === 0
          ? null
          : {
              events: this.attributionEvents,
              features: [...this.attributionSums.keys()].sort(compareNames).map((name) => {
                const s = this.attributionSums.get(name) as AttributionSums;
                return [name, s.count, s.absolute.toJSON(), s.signed.toJSON()] as const;
              }),
            },
      labelDelay: { latency: sketchJSON(this.delaySketch, this.delaySum), sum: this.delaySum.toJSON() },
      detections: [...this.detectionCounts].sort((x, y) => compareNames(x[0], y[0])),
    };
  }

  static fromJSON(json: unknown): ModelWindowState {
    const j = object(json, 'a model window state');
    if (j['version'] !== 1) throw new RangeError(`model window state version must be 1, got ${JSON.stringify(j['version'])}`);
    const out = new ModelWindowState({ sampleCapacity: count(j['sampleCapacity'], 'sampleCapacity') });
    out.inferences = count(j['inferences'], 'inferences');
    out.rejected = count(j['rejected'], 'rejected');
    out.outcomes = count(j['outcomes'], 'outcomes');
    const h = object(j['health'], 'health');
    out.errors = count(h['errors'], 'health.errors');
    out.latencySketch = sketchFromJSON(h['latency'], 'health.latency');
    out.latencySum = ExactSum.fromJSON(h['latencySum'], 'health.latencySum');
    if (out.errors > out.inferences || out.latencySketch.count > out.inferences) throw new RangeError('health counts more events than the window has');
    const u = object(j['unreferenced'], 'unreferenced');
    out.unreferencedInferences = count(u['inferences'], 'unreferenced.inferences');
    out.unreferencedOutcomes = count(u['outcomes'], 'unreferenced.outcomes');
    out.unreferencedFeatures = ValueSampleCounts.fromJSON(u['features'], 'unreferenced.features');
    if (out.unreferencedFeatures.capacity !== UNREFERENCED_FEATURE_CAPACITY) throw new RangeError('unreferenced.features has another capacity');
    for (const w of array(j['references'], 'references')) {
      const window = ReferenceWindow.fromJSON(w);
      if (out.references.has(window.referenceId)) throw new RangeError(`reference ${window.referenceId} is listed twice`);
      if ([...window.features.values(), window.prediction, window.label].some((f) => f?.sample && f.sample.capacity !== out.sampleCapacity)) {
        throw new RangeError('a stored sample has another capacity than the state');
      }
      out.references.set(window.referenceId, window);
    }
    if (j['classification'] !== null && j['classification'] !== undefined) {
      const c = object(j['classification'], 'classification');
      const state = ClassificationState.fromJSON(c['state']);
      out.classificationState = state;
      out.classificationKey = JSON.stringify(state.scoring);
      if (state.scoring.kind !== 'labels') {
        const calibration = c['calibration'] === null || c['calibration'] === undefined ? null : array(c['calibration'], 'classification.calibration').map((x) => ExactSum.fromJSON(x, 'a calibration sum'));
        if ((state.scoring.kind === 'binary') !== (calibration !== null && calibration.length === 10)) throw new RangeError('classification.calibration must hold 10 sums for binary scoring only');
        out.classificationSums = { logLoss: ExactSum.fromJSON(c['logLoss'], 'classification.logLoss'), calibration };
      }
    }
    if (j['regression'] !== null && j['regression'] !== undefined) {
      const r = object(j['regression'], 'regression');
      out.regressionSums = {
        count: count(r['count'], 'regression.count'),
        absoluteError: ExactSum.fromJSON(r['absoluteError'], 'regression.absoluteError'),
        squaredError: ExactSum.fromJSON(r['squaredError'], 'regression.squaredError'),
        percentageError: ExactSum.fromJSON(r['percentageError'], 'regression.percentageError'),
        actual: ExactSum.fromJSON(r['actual'], 'regression.actual'),
        actualSquared: ExactSum.fromJSON(r['actualSquared'], 'regression.actualSquared'),
      };
      if (out.regressionSums.count === 0) throw new RangeError('a stored regression part must have rows');
    }
    if (j['attributions'] !== null && j['attributions'] !== undefined) {
      const at = object(j['attributions'], 'attributions');
      out.attributionEvents = count(at['events'], 'attributions.events');
      for (const f of array(at['features'], 'attributions.features')) {
        const [name, n, absolute, signed] = array(f, 'an attribution feature');
        if (typeof name !== 'string' || out.attributionSums.has(name)) throw new RangeError('attribution features must have distinct string names');
        out.attributionSums.set(name, { count: count(n, 'an attribution count'), absolute: ExactSum.fromJSON(absolute), signed: ExactSum.fromJSON(signed) });
      }
    }
    const d = object(j['labelDelay'], 'labelDelay');
    out.delaySketch = sketchFromJSON(d['latency'], 'labelDelay.latency');
    out.delaySum = ExactSum.fromJSON(d['sum'], 'labelDelay.sum');
    for (const e of array(j['detections'], 'detections')) {
      const [type, n] = array(e, 'a detection count');
      if (typeof type !== 'string' || out.detectionCounts.has(type)) throw new RangeError('detections must be distinct [type, count] pairs');
      out.detectionCounts.set(type, count(n, 'a detection count'));
    }
    return out;
  }

  private healthJSON(): ServiceHealthStateJSON {
    return { version: 1, count: this.inferences, errorCount: this.errors, latency: sketchJSON(this.latencySketch, this.latencySum) };
  }

  private classificationJSON(): ModelWindowStateJSON['classification'] {
    const c = this.classificationState;
    if (c === null) return null;
    const json = c.toJSON();
    const sums = this.classificationSums;
    if (sums === null) return { state: json, logLoss: null, calibration: null };
    const state: ClassificationStateJSON = {
      ...json,
      logLossSum: compensated(sums.logLoss),
      ...(json.calibration && sums.calibration
        ? { calibration: (json.calibration as CalibrationBinJSON[]).map((bin, k) => ({ ...bin, scoreSum: compensated(sums.calibration?.[k] as ExactSum) })) }
        : {}),
    };
    return { state, logLoss: sums.logLoss.toJSON(), calibration: sums.calibration?.map((x) => x.toJSON()) ?? null };
  }
}

function emptyClassificationSums(scoring: ClassificationScoring): ClassificationSums | null {
  if (scoring.kind === 'labels') return null;
  return { logLoss: new ExactSum(), calibration: scoring.kind === 'binary' ? Array.from({ length: 10 }, () => new ExactSum()) : null };
}

function labelsOnly(state: ClassificationState): ClassificationState {
  const j = state.toJSON();
  return ClassificationState.fromJSON({ version: 1, scoring: { kind: 'labels' }, count: j.count, confusion: j.confusion });
}

/** sklearn's log-loss term, as ClassificationState computes it. */
function clippedLogLoss(p: number): number {
  return -Math.log(Math.min(Math.max(p, LOG_LOSS_EPS), 1 - LOG_LOSS_EPS));
}

/** The exact product a · b as hi + lo (Dekker's TwoProduct with Veltkamp's split). */
function twoProduct(a: number, b: number): [number, number] {
  const p = a * b;
  const [ah, al] = split(a);
  const [bh, bl] = split(b);
  return [p, ((ah * bh - p) + ah * bl + al * bh) + al * bl];
}

function split(a: number): [number, number] {
  const c = 134217729 * a;
  const hi = c - (c - a);
  return [hi, a - hi];
}

/** num / (n · 2^shift) as a double (to about 2^-64 relative), for exact sums scaled by 2^1074. */
function ratioToNumber(num: bigint, n: number, shift: number): number {
  if (num === 0n || n === 0) return 0;
  const negative = num < 0n;
  let q = ((negative ? -num : num) << 64n) / BigInt(n);
  let e = -(shift + 64);
  const bits = q.toString(2).length;
  if (bits > 128) {
    q >>= BigInt(bits - 128);
    e += bits - 128;
  }
  let v = Number(q);
  while (e > 1000) {
    v *= 2 ** 1000;
    e -= 1000;
  }
  while (e < -1000) {
    v *= 2 ** -1000;
    e += 1000;
  }
  v *= 2 ** e;
  return negative ? -v : v;
}

function compensated(sum: ExactSum): { sum: number; compensation: number } {
  return { sum: sum.value, compensation: 0 };
}

/** A sketch's JSON with its sum replaced by the exact one (the sketch's own sum depends on the order). */
function sketchJSON(sketch: LatencySketch, sum: ExactSum): LatencySketchJSON {
  return { ...sketch.toJSON(), sum: compensated(sum) };
}

function sketchFromJSON(json: unknown, what: string): LatencySketch {
  const sketch = LatencySketch.fromJSON(json);
  const fresh = new LatencySketch();
  if (sketch.relativeAccuracy !== fresh.relativeAccuracy || sketch.maxBuckets !== fresh.maxBuckets || sketch.minValue !== fresh.minValue) {
    throw new RangeError(`${what} has other sketch settings than the defaults`);
  }
  return sketch;
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function isProbability(v: unknown): v is number {
  return typeof v === 'number' && v >= 0 && v <= 1;
}

function object(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new RangeError(`${what} must be an object`);
  return v as Record<string, unknown>;
}

function array(v: unknown, what: string): unknown[] {
  if (!Array.isArray(v)) throw new RangeError(`${what} must be an array`);
  return v;
}

function count(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new RangeError(`${what} must be a non-negative integer, got ${String(v)}`);
  return v;
}
