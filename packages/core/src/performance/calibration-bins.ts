import { CompensatedSum } from '../numeric/compensated-sum.ts';
import { PerformanceInputError } from './performance-input-error.ts';
import { requireArray, requireCount, requireObject, requireProbability } from './validation.ts';

/**
 * The 9 inner edges of 10 equal-width bins of [0, 1], as np.linspace(0, 1, 11)[1:-1] computes
 * them (i · 0.1, so 0.30000000000000004, 0.6000000000000001, 0.7000000000000001).
 */
export const CALIBRATION_EDGES: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => i * 0.1);

/** Bin of a score: the number of inner edges strictly below it, as sklearn's calibration_curve. */
export function calibrationBin(score: number): number {
  let k = 0;
  while (k < CALIBRATION_EDGES.length && (CALIBRATION_EDGES[k] as number) < score) k++;
  return k;
}

export interface CalibrationBinJSON {
  readonly count: number;
  readonly positives: number;
  readonly scoreSum: { readonly sum: number; readonly compensation: number };
}

/** Per-bin count, positive count and score sum: what the reliability diagram and ECE need. */
export interface CalibrationBinSummary {
  /** Scores in (lower, upper]; the first bin is [0, 0.1]. */
  readonly lower: number;
  readonly upper: number;
  readonly count: number;
  /** Fraction of positives in the bin (sklearn's prob_true). */
  readonly positiveRate: number;
  /** Mean score in the bin (sklearn's prob_pred). */
  readonly meanScore: number;
}

/**
 * Calibration of a binary classifier's score, mergeable: 10 equal-width bins of the score, each
 * with its count, its positives and its (compensated) score sum.
 *
 * The bins are sklearn.calibration.calibration_curve(strategy='uniform', n_bins=10)'s: right-closed,
 * [0, 0.1], (0.1, 0.2], ..., (0.9, 1].
 */
export class CalibrationBins {
  private readonly counts = new Array<number>(10).fill(0);
  private readonly positives = new Array<number>(10).fill(0);
  private readonly scoreSums = Array.from({ length: 10 }, () => new CompensatedSum());

  add(score: number, positive: boolean): void {
    requireProbability(score, 'score');
    const k = calibrationBin(score);
    this.counts[k] = (this.counts[k] as number) + 1;
    if (positive) this.positives[k] = (this.positives[k] as number) + 1;
    (this.scoreSums[k] as CompensatedSum).add(score);
  }

  static merge(a: CalibrationBins, b: CalibrationBins): CalibrationBins {
    const out = new CalibrationBins();
    for (const source of [a, b]) {
      for (let k = 0; k < 10; k++) {
        out.counts[k] = (out.counts[k] as number) + (source.counts[k] as number);
        out.positives[k] = (out.positives[k] as number) + (source.positives[k] as number);
        (out.scoreSums[k] as CompensatedSum).addSum(source.scoreSums[k] as CompensatedSum);
      }
    }
    return out;
  }

  /** The non-empty bins (the points of sklearn's calibration_curve). */
  bins(): CalibrationBinSummary[] {
    const out: CalibrationBinSummary[] = [];
    for (let k = 0; k < 10; k++) {
      const count = this.counts[k] as number;
      if (count === 0) continue;
      out.push({
        lower: k === 0 ? 0 : (CALIBRATION_EDGES[k - 1] as number),
        upper: k === 9 ? 1 : (CALIBRATION_EDGES[k] as number),
        count,
        positiveRate: (this.positives[k] as number) / count,
        meanScore: (this.scoreSums[k] as CompensatedSum).value / count,
      });
    }
    return out;
  }

  /**
   * Expected calibration error: Σ_bins (n_b / n) · |positiveRate_b − meanScore_b| over the 10
   * equal-width bins (empty bins contribute nothing). null for an empty state.
   */
  expectedCalibrationError(): number | null {
    const bins = this.bins();
    const n = bins.reduce((s, b) => s + b.count, 0);
    if (n === 0) return null;
    const total = new CompensatedSum();
    for (const b of bins) total.add((b.count / n) * Math.abs(b.positiveRate - b.meanScore));
    return total.value;
  }

  toJSON(): CalibrationBinJSON[] {
    return this.counts.map((count, k) => ({
      count,
      positives: this.positives[k] as number,
      scoreSum: (this.scoreSums[k] as CompensatedSum).toJSON(),
    }));
  }

  static fromJSON(json: unknown): CalibrationBins {
    const bins = requireArray(json, 'calibration bins');
    if (bins.length !== 10) throw new PerformanceInputError(`calibration bins: expected 10, got ${bins.length}`);
    const out = new CalibrationBins();
    bins.forEach((b, k) => {
      const j = requireObject(b, `calibration bin ${k}`);
      out.counts[k] = requireCount(j['count'], `calibration bin ${k} count`);
      out.positives[k] = requireCount(j['positives'], `calibration bin ${k} positives`);
      if ((out.positives[k] as number) > (out.counts[k] as number)) {
        throw new PerformanceInputError(`calibration bin ${k}: more positives than rows`);
      }
      out.scoreSums[k] = CompensatedSum.fromJSON(j['scoreSum'], `calibration bin ${k} scoreSum`);
    });
    return out;
  }
}
