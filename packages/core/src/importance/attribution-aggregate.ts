import { CompensatedSum, type CompensatedSumJSON } from '../numeric/compensated-sum.ts';
import { ImportanceInputError } from './importance-input-error.ts';
import { compareNames } from './importance-map.ts';

/** One feature's attribution sums, as plain JSON. */
export interface FeatureAttributionJSON {
  readonly feature: string;
  /** Events that carried an attribution for this feature. */
  readonly count: number;
  /** Σ |φ| (compensated). */
  readonly absoluteSum: CompensatedSumJSON;
  /** Σ φ (compensated). */
  readonly signedSum: CompensatedSumJSON;
}

export interface AttributionAggregateJSON {
  readonly version: 1;
  /** Events added, with or without attributions for any given feature. */
  readonly events: number;
  /** Sorted by feature name (code units), so equal states give equal JSON. */
  readonly features: readonly FeatureAttributionJSON[];
}

/** One feature's summary from an aggregate. */
export interface FeatureAttribution {
  readonly feature: string;
  readonly count: number;
  /** Σ |φ| / denominator: the feature's importance. */
  readonly meanAbsolute: number;
  /** Σ φ / denominator: the direction in which the feature pushes predictions on average. */
  readonly meanSigned: number;
}

/**
 * How an event without an attribution for a feature counts:
 * - `'skip'` (default): it does not count; means are over the events that carry the feature. Right
 *   when the model sends every feature's attribution (SHAP on all features) and an absent one is
 *   a gap.
 * - `'zero'`: it counts as φ = 0; means are over all events. Right when the model sends only its
 *   top-k contributions, so an absent feature contributed little.
 */
export type AbsentAttribution = 'skip' | 'zero';

interface FeatureSums {
  count: number;
  readonly absolute: CompensatedSum;
  readonly signed: CompensatedSum;
}

/**
 * Per-prediction attributions (e.g. SHAP values) of one window, as mergeable state: per feature
 * the number of events that carried it and compensated sums of |φ| and φ. Counts are integers, so
 * merged states hold the same counts as one state over all events; the sums agree to about 1e-16
 * relative (Neumaier sums merged with their corrections, not bit for bit).
 */
export class AttributionAggregate {
  private eventCount = 0;
  private readonly sums = new Map<string, FeatureSums>();

  /** Events added. */
  get events(): number {
    return this.eventCount;
  }

  /** Feature names seen, sorted by code unit. */
  get features(): string[] {
    return [...this.sums.keys()].sort(compareNames);
  }

  /**
   * Adds one event's attributions. Every value must be finite; `null` or `undefined` values (and
   * absent features) are treated as not sent. The whole event is checked before anything is added.
   */
  add(attributions: ReadonlyMap<string, number | null | undefined> | Readonly<Record<string, number | null | undefined>>): void {
    const entries: [string, number][] = [];
    const pairs: Iterable<[string, number | null | undefined]> =
      attributions instanceof Map ? (attributions as ReadonlyMap<string, number | null | undefined>) : Object.entries(attributions);
    for (const [feature, value] of pairs) {
      if (value === null || value === undefined) continue;
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new ImportanceInputError(`attribution of feature ${JSON.stringify(feature)} must be a finite number, got ${String(value)}`);
      }
      entries.push([feature, value]);
    }
    this.eventCount++;
    for (const [feature, value] of entries) {
      const s = this.sumsOf(feature);
      s.count++;
      s.absolute.add(Math.abs(value));
      s.signed.add(value);
    }
  }

  /** One feature's summary, or undefined if no event carried it. */
  feature(name: string, absent: AbsentAttribution = 'skip'): FeatureAttribution | undefined {
    const s = this.sums.get(name);
    if (s === undefined) return undefined;
    const denominator = absent === 'zero' ? this.eventCount : s.count;
    return { feature: name, count: s.count, meanAbsolute: s.absolute.value / denominator, meanSigned: s.signed.value / denominator };
  }

  /** Every feature's summary, sorted by feature name. */
  summaries(absent: AbsentAttribution = 'skip'): FeatureAttribution[] {
    return this.features.map((f) => this.feature(f, absent) as FeatureAttribution);
  }

  /** Mean |φ| per feature: the importances to rank or to compare with a reference. */
  importances(absent: AbsentAttribution = 'skip'): Map<string, number> {
    return new Map(this.summaries(absent).map((s) => [s.feature, s.meanAbsolute]));
  }

  /** A new state holding both; a and b are not changed. */
  static merge(a: AttributionAggregate, b: AttributionAggregate): AttributionAggregate {
    const out = new AttributionAggregate();
    for (const from of [a, b]) {
      out.eventCount += from.eventCount;
      for (const [feature, s] of from.sums) {
        const t = out.sumsOf(feature);
        t.count += s.count;
        t.absolute.addSum(s.absolute);
        t.signed.addSum(s.signed);
      }
    }
    return out;
  }

  toJSON(): AttributionAggregateJSON {
    return {
      version: 1,
      events: this.eventCount,
      features: this.features.map((feature) => {
        const s = this.sums.get(feature) as FeatureSums;
        return { feature, count: s.count, absoluteSum: s.absolute.toJSON(), signedSum: s.signed.toJSON() };
      }),
    };
  }

  static fromJSON(json: unknown): AttributionAggregate {
    const j = json as Partial<AttributionAggregateJSON> | null;
    if (typeof j !== 'object' || j === null || j.version !== 1) throw new ImportanceInputError('attribution aggregate must be an object with version 1');
    const out = new AttributionAggregate();
    out.eventCount = requireCount(j.events, 'events');
    if (!Array.isArray(j.features)) throw new ImportanceInputError('attribution aggregate features must be an array');
    for (const f of j.features as unknown[]) {
      const e = f as Partial<FeatureAttributionJSON> | null;
      if (typeof e !== 'object' || e === null || typeof e.feature !== 'string') throw new ImportanceInputError('each feature must be an object with a name');
      if (out.sums.has(e.feature)) throw new ImportanceInputError(`feature ${JSON.stringify(e.feature)} appears twice`);
      const count = requireCount(e.count, `count of ${e.feature}`);
      if (count > out.eventCount) throw new ImportanceInputError(`count of ${e.feature} exceeds the event count`);
      out.sums.set(e.feature, {
        count,
        absolute: compensated(e.absoluteSum, `absoluteSum of ${e.feature}`),
        signed: compensated(e.signedSum, `signedSum of ${e.feature}`),
      });
    }
    return out;
  }

  private sumsOf(feature: string): FeatureSums {
    let s = this.sums.get(feature);
    if (s === undefined) {
      s = { count: 0, absolute: new CompensatedSum(), signed: new CompensatedSum() };
      this.sums.set(feature, s);
    }
    return s;
  }
}

function requireCount(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new ImportanceInputError(`${what} must be a non-negative integer, got ${String(value)}`);
  }
  return value;
}

function compensated(json: unknown, what: string): CompensatedSum {
  const j = json as Partial<CompensatedSumJSON> | null;
  if (typeof j !== 'object' || j === null || !Number.isFinite(j.sum) || !Number.isFinite(j.compensation)) {
    throw new ImportanceInputError(`${what} must be { sum, compensation } with finite numbers`);
  }
  return CompensatedSum.fromJSON(j, what);
}
