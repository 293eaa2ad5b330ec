import type { BinProfile } from '../drift/bin-profile.ts';
import { isTextValue } from '../events/text-value.ts';
import type { MergeableAggregate } from '../windows/aggregate.ts';
import { HealthInputError, requireArray, requireCount, requireObject } from './health-input-error.ts';
import { ValueSampleCounts, type ValueCount, type ValueSampleCountsJSON } from './value-sample-counts.ts';

/** What data quality reads from an inference event (an InferenceRecord has these fields). */
export interface QualityEvent {
  readonly numericFeatures: Readonly<Record<string, number>>;
  readonly categoricalFeatures: Readonly<Record<string, string>>;
  /** Features sent as null. A reference feature the event does not carry at all is missing too. */
  readonly missingFeatures: readonly string[];
}

/** How a feature is checked: by range (numeric), by category (categorical) or as free text (text). */
export type QualityKind = 'numeric' | 'categorical' | 'text';

/**
 * What data quality checks one feature against: its stored drift bin profile, or `{ kind: 'text' }`
 * for a text feature (its profile holds lengths, which say nothing about a value's kind).
 */
export type QualityProfile = BinProfile | { readonly kind: 'text' };

/** The reference a model version is checked against: one profile per feature. */
export type QualityReference = Readonly<Record<string, QualityProfile>>;

export interface DataQualityOptions {
  /** Distinct unseen categories tracked per feature, with exact counts (default 1000). */
  readonly unseenValueCapacity?: number;
  /** Distinct new (unreferenced) feature names tracked, with exact counts (default 100). */
  readonly newFeatureCapacity?: number;
}

export const DEFAULT_UNSEEN_VALUE_CAPACITY = 1000;
export const DEFAULT_NEW_FEATURE_CAPACITY = 100;
/** How many unseen categories the metrics list per feature by default. */
export const DEFAULT_TOP_UNSEEN = 20;

/** One reference feature's counts in a window. */
export interface FeatureQualityCounts {
  readonly kind: QualityKind;
  /** Events where the feature was null or absent. */
  missing: number;
  /** Values of the other kind: a string for a numeric feature, a number for a categorical or text one. */
  typeMismatch: number;
  /** Numeric only: values below the reference minimum / above the reference maximum. */
  belowRange: number;
  aboveRange: number;
  /** Categorical and text: string values longer than MAX_CATEGORY_LENGTH (texts), counted, never kept. */
  text: number;
  /** Categorical only: categories not in the reference, counted by value (texts are not). */
  readonly unseen: ValueSampleCounts | null;
}

/** A categorical feature's `text` is written only when > 0, so states of windows without texts keep their JSON. */
type FeatureCountsJSON =
  | { readonly name: string; readonly kind: 'numeric'; readonly missing: number; readonly typeMismatch: number; readonly belowRange: number; readonly aboveRange: number }
  | { readonly name: string; readonly kind: 'categorical'; readonly missing: number; readonly typeMismatch: number; readonly unseen: ValueSampleCountsJSON; readonly text?: number }
  | { readonly name: string; readonly kind: 'text'; readonly missing: number; readonly typeMismatch: number; readonly text: number };

export interface DataQualityStateJSON {
  readonly version: 1;
  readonly events: number;
  readonly unseenValueCapacity: number;
  readonly features: readonly FeatureCountsJSON[];
  readonly newFeatures: ValueSampleCountsJSON;
}

/**
 * One window's data quality against a reference, as mergeable state: events, per reference feature
 * the missing, type-mismatched, out-of-range (numeric), unseen (categorical) and text (categorical
 * and text) counts, and the feature names that are not in the reference. Counts only, so merges
 * are exact; a text is counted, never kept, so its size does not matter.
 */
export class DataQualityState {
  events = 0;
  /** By feature name, in code-unit order. */
  readonly features = new Map<string, FeatureQualityCounts>();
  /** Events carrying each feature not in the reference (number, category or null alike). */
  readonly newFeatures: ValueSampleCounts;
  readonly unseenValueCapacity: number;

  /** `newFeatures`, when given, is taken as the new-feature counts (fromJSON and merge use it). */
  constructor(kinds: ReadonlyArray<readonly [string, QualityKind]>, options: DataQualityOptions = {}, newFeatures?: ValueSampleCounts) {
    const { unseenValueCapacity = DEFAULT_UNSEEN_VALUE_CAPACITY, newFeatureCapacity = DEFAULT_NEW_FEATURE_CAPACITY } = options;
    new ValueSampleCounts(unseenValueCapacity); // checks the capacity even without categorical features
    this.unseenValueCapacity = unseenValueCapacity;
    this.newFeatures = newFeatures ?? new ValueSampleCounts(newFeatureCapacity);
    const sorted = [...kinds].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    for (const [name, kind] of sorted) {
      if (this.features.has(name)) throw new HealthInputError(`feature ${JSON.stringify(name)} is listed twice`);
      this.features.set(name, {
        kind,
        missing: 0,
        typeMismatch: 0,
        belowRange: 0,
        aboveRange: 0,
        text: 0,
        unseen: kind === 'categorical' ? new ValueSampleCounts(unseenValueCapacity) : null,
      });
    }
  }

  /** The feature names and kinds this state counts, in code-unit order. */
  kinds(): Array<[string, QualityKind]> {
    return [...this.features.entries()].map(([name, f]) => [name, f.kind]);
  }

  /** The most frequent unseen categories of a categorical feature (see ValueSampleCounts for the rule). */
  topUnseenValues(feature: string, limit = DEFAULT_TOP_UNSEEN): ValueCount[] {
    return this.features.get(feature)?.unseen?.top(limit) ?? [];
  }

  static merge(a: DataQualityState, b: DataQualityState): DataQualityState {
    const ka = JSON.stringify(a.kinds());
    if (ka !== JSON.stringify(b.kinds())) throw new HealthInputError('cannot merge data quality states over different reference features');
    if (a.unseenValueCapacity !== b.unseenValueCapacity || a.newFeatures.capacity !== b.newFeatures.capacity) {
      throw new HealthInputError('cannot merge data quality states with different capacities');
    }
    const newFeatures = ValueSampleCounts.merge(a.newFeatures, b.newFeatures);
    const out = new DataQualityState(a.kinds(), { unseenValueCapacity: a.unseenValueCapacity }, newFeatures);
    out.events = a.events + b.events;
    for (const [name, f] of out.features) {
      const fa = a.features.get(name) as FeatureQualityCounts;
      const fb = b.features.get(name) as FeatureQualityCounts;
      out.features.set(name, {
        kind: f.kind,
        missing: fa.missing + fb.missing,
        typeMismatch: fa.typeMismatch + fb.typeMismatch,
        belowRange: fa.belowRange + fb.belowRange,
        aboveRange: fa.aboveRange + fb.aboveRange,
        text: fa.text + fb.text,
        unseen: fa.unseen && fb.unseen ? ValueSampleCounts.merge(fa.unseen, fb.unseen) : null,
      });
    }
    return out;
  }

  toJSON(): DataQualityStateJSON {
    const features: FeatureCountsJSON[] = [...this.features.entries()].map(([name, f]): FeatureCountsJSON => {
      if (f.kind === 'text') return { name, kind: 'text', missing: f.missing, typeMismatch: f.typeMismatch, text: f.text };
      if (f.unseen !== null) return { name, kind: 'categorical', missing: f.missing, typeMismatch: f.typeMismatch, unseen: f.unseen.toJSON(), ...(f.text > 0 ? { text: f.text } : {}) };
      return { name, kind: 'numeric', missing: f.missing, typeMismatch: f.typeMismatch, belowRange: f.belowRange, aboveRange: f.aboveRange };
    });
    return { version: 1, events: this.events, unseenValueCapacity: this.unseenValueCapacity, features, newFeatures: this.newFeatures.toJSON() };
  }

  static fromJSON(json: unknown): DataQualityState {
    const j = requireObject(json, 'a data quality state');
    if (j['version'] !== 1) throw new HealthInputError(`data quality state version must be 1, got ${JSON.stringify(j['version'])}`);
    const entries = requireArray(j['features'], 'features').map((e) => requireObject(e, 'a feature'));
    const kinds = entries.map((e): [string, QualityKind] => {
      const { name, kind } = e;
      if (typeof name !== 'string' || (kind !== 'numeric' && kind !== 'categorical' && kind !== 'text')) {
        throw new HealthInputError('a feature needs a string name and kind "numeric", "categorical" or "text"');
      }
      return [name, kind];
    });
    const newFeatures = ValueSampleCounts.fromJSON(j['newFeatures'], 'newFeatures');
    const out = new DataQualityState(kinds, { unseenValueCapacity: requireCount(j['unseenValueCapacity'], 'unseenValueCapacity') }, newFeatures);
    out.events = requireCount(j['events'], 'events');
    for (const e of entries) {
      const name = e['name'] as string;
      const kind = e['kind'] as QualityKind;
      const unseen = kind === 'categorical' ? ValueSampleCounts.fromJSON(e['unseen'], `unseen of ${name}`) : null;
      if (unseen && unseen.capacity !== out.unseenValueCapacity) throw new HealthInputError('every feature must have the same unseen capacity');
      const text = kind === 'text' || (kind === 'categorical' && e['text'] !== undefined) ? requireCount(e['text'], `text of ${name}`) : 0;
      if (kind === 'categorical' && e['text'] === 0) throw new HealthInputError(`text of ${name}: a categorical feature's text count is written only when > 0`);
      const f: FeatureQualityCounts = {
        kind,
        missing: requireCount(e['missing'], `missing of ${name}`),
        typeMismatch: requireCount(e['typeMismatch'], `typeMismatch of ${name}`),
        belowRange: kind === 'numeric' ? requireCount(e['belowRange'], `belowRange of ${name}`) : 0,
        aboveRange: kind === 'numeric' ? requireCount(e['aboveRange'], `aboveRange of ${name}`) : 0,
        text,
        unseen,
      };
      const checked = f.missing + f.typeMismatch + f.belowRange + f.aboveRange + f.text + (unseen?.total ?? 0);
      if (checked > out.events) throw new HealthInputError(`the counts of ${name} exceed the window's events`);
      out.features.set(name, f);
    }
    if (newFeatures.entries().some(({ count }) => count > out.events)) throw new HealthInputError('a new feature is counted in more events than the window has');
    return out;
  }
}

/** Per feature: which check applies. Numeric range is inclusive: min <= x <= max is in range. */
type Check =
  | { readonly kind: 'numeric'; readonly min: number; readonly max: number }
  | { readonly kind: 'categorical'; readonly categories: ReadonlySet<string> }
  | { readonly kind: 'text' };

/**
 * The window store's aggregate for data quality against `reference` (states change in place on
 * add). Rules, per event and reference feature:
 * - missing: the feature is null (in missingFeatures) or absent from the event;
 * - type mismatch: a numeric reference feature arrives as a string (a category, a boolean or a
 *   text), or a categorical or text one as a number; such a value is not checked further;
 * - out of range (numeric): x < min or x > max of the reference (its first and last bin edge);
 *   the range is inclusive, so the reference extremes themselves are in range;
 * - text (categorical and text features): a string longer than MAX_CATEGORY_LENGTH characters
 *   (isTextValue). It is counted, never kept: in a categorical feature it is not an unseen
 *   category, so thousands of distinct texts cost one counter. In a text feature a shorter
 *   string is a short text, not a problem: the share of texts is what is tracked;
 * - unseen (categorical): a category not in the profile's category list. A profile fitted with
 *   maxCategories lists only its most frequent categories; the rest count as unseen here.
 * A feature the event carries that is not in the reference counts as a new feature, once per event.
 */
export function dataQualityAggregate(reference: QualityReference, options: DataQualityOptions = {}): MergeableAggregate<QualityEvent, DataQualityState> {
  const checks = new Map<string, Check>();
  for (const name of Object.keys(reference)) {
    const profile = reference[name] as QualityProfile;
    if (profile.kind === 'text') {
      checks.set(name, { kind: 'text' });
    } else if (profile.kind === 'numeric') {
      if (profile.edges.length === 0) throw new HealthInputError(`the reference profile of ${JSON.stringify(name)} has no edges`);
      checks.set(name, { kind: 'numeric', min: profile.edges[0] as number, max: profile.edges[profile.edges.length - 1] as number });
    } else {
      checks.set(name, { kind: 'categorical', categories: new Set(profile.categories) });
    }
  }
  const kinds = [...checks.entries()].map(([name, c]) => [name, c.kind] as const);
  const expected = JSON.stringify(new DataQualityState(kinds, options).kinds());
  const settings = new DataQualityState([], options);

  const add = (state: DataQualityState, event: QualityEvent): void => {
    const { numericFeatures: numeric, categoricalFeatures: categorical } = event;
    state.events++;
    for (const [name, check] of checks) {
      const f = state.features.get(name);
      if (f === undefined) throw new HealthInputError(`the state does not count feature ${JSON.stringify(name)}: it belongs to another reference`);
      if (Object.hasOwn(numeric, name) && !Number.isNaN(numeric[name])) {
        const x = numeric[name] as number;
        if (check.kind !== 'numeric') f.typeMismatch++;
        else if (x < check.min) f.belowRange++;
        else if (x > check.max) f.aboveRange++;
      } else if (Object.hasOwn(categorical, name)) {
        const v = categorical[name] as string;
        if (check.kind === 'numeric') f.typeMismatch++;
        else if (isTextValue(v)) f.text++;
        else if (check.kind === 'categorical' && !check.categories.has(v)) f.unseen?.add(v);
      } else {
        f.missing++;
      }
    }
    let fresh: string[] | undefined;
    for (const names of [Object.keys(numeric), Object.keys(categorical), event.missingFeatures]) {
      for (const name of names) if (!checks.has(name)) (fresh ??= []).push(name);
    }
    if (fresh !== undefined) for (const name of new Set(fresh)) state.newFeatures.add(name);
  };

  return {
    empty: () => new DataQualityState(kinds, options),
    add,
    merge: (a, b) => DataQualityState.merge(a, b),
    toJSON: (state) => state.toJSON(),
    fromJSON: (json) => {
      const state = DataQualityState.fromJSON(json);
      if (JSON.stringify(state.kinds()) !== expected) throw new HealthInputError('the stored data quality state was counted against other reference features');
      if (state.unseenValueCapacity !== settings.unseenValueCapacity || state.newFeatures.capacity !== settings.newFeatures.capacity) {
        throw new HealthInputError('the stored data quality state has other capacities than this aggregate');
      }
      return state;
    },
  };
}

export interface FeatureQualityMetrics {
  readonly feature: string;
  readonly kind: QualityKind;
  readonly missingCount: number;
  /** missingCount / events; null for an empty window. */
  readonly missingRate: number | null;
  /** Events with a value (events − missing): the sample size of the type mismatch rate. */
  readonly presentCount: number;
  readonly typeMismatchCount: number;
  /** typeMismatchCount / presentCount; null when nothing was present. */
  readonly typeMismatchRate: number | null;
  /**
   * Values of the reference's kind: present − mismatched, and for a categorical feature minus its
   * texts too (the categories): the sample size of the out-of-range and unseen rates.
   */
  readonly checkedCount: number;
  /** Numeric only (null for categorical): below + above the reference range. */
  readonly outOfRangeCount: number | null;
  readonly belowRangeCount: number | null;
  readonly aboveRangeCount: number | null;
  /** outOfRangeCount / checkedCount; null for categorical features or when nothing was checked. */
  readonly outOfRangeRate: number | null;
  /** Categorical only (null for numeric): values not in the reference categories. */
  readonly unseenCount: number | null;
  /** unseenCount / checkedCount; null for numeric features or when nothing was checked. */
  readonly unseenRate: number | null;
  /** Distinct unseen categories: exact unless unseenTruncated, then an estimate. */
  readonly unseenDistinct: number | null;
  /** Most frequent unseen categories, by count then value. */
  readonly topUnseen: readonly ValueCount[];
  /** More distinct unseen categories than tracked: topUnseen ranks a sample of them. */
  readonly unseenTruncated: boolean;
  /** Categorical and text (null for numeric): strings longer than MAX_CATEGORY_LENGTH characters. */
  readonly textCount: number | null;
  /** textCount / presentCount; null for numeric features or when nothing was present. */
  readonly textRate: number | null;
}

export interface NewFeatureMetrics {
  readonly feature: string;
  /** Events that carried the feature. */
  readonly count: number;
  /** count / events (never null: a new feature implies a non-empty window). */
  readonly rate: number;
}

export interface DataQualityMetrics {
  readonly events: number;
  readonly features: readonly FeatureQualityMetrics[];
  /** By feature name. */
  readonly newFeatures: readonly NewFeatureMetrics[];
  /** More new feature names than tracked: the list is a sample. */
  readonly newFeaturesTruncated: boolean;
}

const ratio = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

export function dataQualityMetrics(state: DataQualityState, topUnseen = DEFAULT_TOP_UNSEEN): DataQualityMetrics {
  const features = [...state.features.entries()].map(([feature, f]): FeatureQualityMetrics => {
    const present = state.events - f.missing;
    const checked = present - f.typeMismatch - (f.kind === 'categorical' ? f.text : 0);
    const numeric = f.kind === 'numeric';
    const categorical = f.kind === 'categorical';
    const outOfRange = f.belowRange + f.aboveRange;
    const unseen = f.unseen?.total ?? 0;
    return {
      feature,
      kind: f.kind,
      missingCount: f.missing,
      missingRate: ratio(f.missing, state.events),
      presentCount: present,
      typeMismatchCount: f.typeMismatch,
      typeMismatchRate: ratio(f.typeMismatch, present),
      checkedCount: checked,
      outOfRangeCount: numeric ? outOfRange : null,
      belowRangeCount: numeric ? f.belowRange : null,
      aboveRangeCount: numeric ? f.aboveRange : null,
      outOfRangeRate: numeric ? ratio(outOfRange, checked) : null,
      unseenCount: categorical ? unseen : null,
      unseenRate: categorical ? ratio(unseen, checked) : null,
      unseenDistinct: f.unseen ? f.unseen.distinctCount() : null,
      topUnseen: f.unseen ? f.unseen.top(topUnseen) : [],
      unseenTruncated: f.unseen?.truncated ?? false,
      textCount: numeric ? null : f.text,
      textRate: numeric ? null : ratio(f.text, present),
    };
  });
  const newFeatures = state.newFeatures.entries().map(({ value, count }) => ({ feature: value, count, rate: count / state.events }));
  return { events: state.events, features, newFeatures, newFeaturesTruncated: state.newFeatures.truncated };
}
