import { PerformanceInputError } from './performance-input-error.ts';
import { requireArray, requireCount, requireObject, requireProbability } from './validation.ts';

export interface ScoreDistributionOptions {
  /**
   * Keep every distinct score exactly while there are at most this many (default 10 000). One
   * more and the distribution falls back to `fallbackBins` equal-width bins of [0, 1], for good.
   */
  readonly maxExactScores?: number;
  /** Number of equal-width bins of [0, 1] after the fallback (default 10 000, width 1e-4). */
  readonly fallbackBins?: number;
}

/** One key of the distribution: a score (exact) or a bin index (binned), with its counts. */
export type ScoreEntry = readonly [key: number, negatives: number, positives: number];

export interface ScoreDistributionJSON {
  readonly maxExactScores: number;
  readonly fallbackBins: number;
  /** false: keys are the scores themselves; true: keys are bin indices 0..fallbackBins-1. */
  readonly binned: boolean;
  /** Sorted by key. */
  readonly entries: readonly ScoreEntry[];
}

/** ROC AUC and how far it can be from the exact value (0 unless the scores were binned). */
export interface RocAuc {
  /** null when the window has no positives or no negatives (sklearn: NaN with a warning). */
  readonly value: number | null;
  /**
   * |value - exact ROC AUC| <= errorBound. Binned pairs (one positive and one negative in the
   * same bin) count as ties, ½ each, where the exact AUC counts them 0 or 1; so the bound is
   * ½ · Σ_bins positives_b · negatives_b / (P · N). It is 0 for exact distributions.
   */
  readonly errorBound: number;
}

const DEFAULT_MAX_EXACT = 10_000;
const DEFAULT_BINS = 10_000;

/**
 * The distribution of a probability score (in [0, 1]) among positive and negative rows, as a map
 * score → (negatives, positives). Mergeable: the merged map equals the map over all rows, so ROC
 * AUC of a merged window is bit-identical to ROC AUC over its rows.
 *
 * Size bound: while there are at most `maxExactScores` distinct scores the map is exact. Past
 * that, every score s is replaced by the bin min(floor(s · B), B - 1) of B = `fallbackBins`
 * equal-width bins, and the state holds at most B entries. Whether a state is binned depends only
 * on its set of distinct scores, so a merge of windows is binned exactly when one state over all
 * their rows would be, and both give the same counts.
 */
export class ScoreDistribution {
  readonly maxExactScores: number;
  readonly fallbackBins: number;
  private isBinned = false;
  private readonly counts = new Map<number, [number, number]>();
  private totalPositives = 0;
  private totalNegatives = 0;

  constructor(options: ScoreDistributionOptions = {}) {
    const { maxExactScores = DEFAULT_MAX_EXACT, fallbackBins = DEFAULT_BINS } = options;
    if (!Number.isSafeInteger(maxExactScores) || maxExactScores < 1) {
      throw new PerformanceInputError(`maxExactScores must be a positive integer, got ${maxExactScores}`);
    }
    if (!Number.isSafeInteger(fallbackBins) || fallbackBins < 1) {
      throw new PerformanceInputError(`fallbackBins must be a positive integer, got ${fallbackBins}`);
    }
    this.maxExactScores = maxExactScores;
    this.fallbackBins = fallbackBins;
  }

  get binned(): boolean {
    return this.isBinned;
  }

  get positives(): number {
    return this.totalPositives;
  }

  get negatives(): number {
    return this.totalNegatives;
  }

  /** Number of entries held (distinct scores, or non-empty bins). */
  get size(): number {
    return this.counts.size;
  }

  /** Counts one row: its score (a probability) and whether it is a positive. */
  add(score: number, positive: boolean): void {
    requireProbability(score, 'score');
    this.addCounts(this.isBinned ? this.binOf(score) : score, positive ? 0 : 1, positive ? 1 : 0);
    this.enforceBound();
  }

  /** A new distribution holding the rows of both; neither input changes. */
  static merge(a: ScoreDistribution, b: ScoreDistribution): ScoreDistribution {
    if (a.maxExactScores !== b.maxExactScores || a.fallbackBins !== b.fallbackBins) {
      throw new PerformanceInputError(
        `cannot merge score distributions with different settings (maxExactScores ${a.maxExactScores} vs ${b.maxExactScores}, fallbackBins ${a.fallbackBins} vs ${b.fallbackBins})`,
      );
    }
    const out = new ScoreDistribution(a);
    out.isBinned = a.isBinned || b.isBinned;
    for (const source of [a, b]) {
      for (const [key, [neg, pos]] of source.counts) {
        out.addCounts(out.isBinned && !source.isBinned ? out.binOf(key) : key, neg, pos);
      }
    }
    out.enforceBound();
    return out;
  }

  /** Entries sorted by key (score, or bin index when binned). */
  entries(): ScoreEntry[] {
    return [...this.counts.entries()].sort((x, y) => x[0] - y[0]).map(([k, [n, p]]) => [k, n, p] as const);
  }

  /**
   * ROC AUC as sklearn's roc_auc_score computes it: the probability that a random positive
   * scores above a random negative, ties counting ½ (the trapezoidal area under the ROC curve).
   * Computed as Σ_k pos_k · (2 · negBelow_k + neg_k) / (2 · P · N) over keys in ascending order;
   * the numerator is an integer, exact while it stays below 2^53.
   */
  rocAuc(): RocAuc {
    const p = this.totalPositives;
    const n = this.totalNegatives;
    if (p === 0 || n === 0) return { value: null, errorBound: 0 };
    let negativesBelow = 0;
    let concordant = 0;
    let tiedInBin = 0;
    for (const [, neg, pos] of this.entries()) {
      concordant += pos * (2 * negativesBelow + neg);
      if (this.isBinned) tiedInBin += pos * neg;
      negativesBelow += neg;
    }
    return { value: concordant / (2 * p * n), errorBound: tiedInBin / (2 * p * n) };
  }

  toJSON(): ScoreDistributionJSON {
    return {
      maxExactScores: this.maxExactScores,
      fallbackBins: this.fallbackBins,
      binned: this.isBinned,
      entries: this.entries(),
    };
  }

  static fromJSON(json: unknown): ScoreDistribution {
    const j = requireObject(json, 'score distribution');
    const out = new ScoreDistribution({
      maxExactScores: j['maxExactScores'] as number,
      fallbackBins: j['fallbackBins'] as number,
    });
    if (typeof j['binned'] !== 'boolean') throw new PerformanceInputError('score distribution: binned must be a boolean');
    out.isBinned = j['binned'];
    for (const [i, e] of requireArray(j['entries'], 'score distribution entries').entries()) {
      const entry = requireArray(e, `entry ${i}`);
      const key = entry[0] as number;
      if (out.isBinned) {
        if (!Number.isSafeInteger(key) || key < 0 || key >= out.fallbackBins) {
          throw new PerformanceInputError(`entry ${i}: bin ${String(key)} is not in 0..${out.fallbackBins - 1}`);
        }
      } else {
        requireProbability(key, `entry ${i} score`);
      }
      if (out.counts.has(key)) throw new PerformanceInputError(`entry ${i}: key ${key} appears twice`);
      out.addCounts(key, requireCount(entry[1], `entry ${i} negatives`), requireCount(entry[2], `entry ${i} positives`));
    }
    if (!out.isBinned && out.counts.size > out.maxExactScores) {
      throw new PerformanceInputError(`an exact score distribution holds at most ${out.maxExactScores} scores`);
    }
    return out;
  }

  private binOf(score: number): number {
    return Math.min(Math.floor(score * this.fallbackBins), this.fallbackBins - 1);
  }

  private addCounts(key: number, negatives: number, positives: number): void {
    const c = this.counts.get(key);
    if (c === undefined) this.counts.set(key, [negatives, positives]);
    else {
      c[0] += negatives;
      c[1] += positives;
    }
    this.totalNegatives += negatives;
    this.totalPositives += positives;
  }

  private enforceBound(): void {
    if (this.isBinned || this.counts.size <= this.maxExactScores) return;
    const exact = [...this.counts.entries()];
    this.counts.clear();
    this.totalNegatives = 0;
    this.totalPositives = 0;
    this.isBinned = true;
    for (const [score, [neg, pos]] of exact) this.addCounts(this.binOf(score), neg, pos);
  }
}
