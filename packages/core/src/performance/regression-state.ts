import { CompensatedSum } from '../numeric/compensated-sum.ts';
import { PerformanceInputError } from './performance-input-error.ts';
import { requireCount, requireFinite, requireObject } from './validation.ts';

/**
 * sklearn's mean_absolute_percentage_error denominator floor: max(|y|, eps) with
 * eps = np.finfo(np.float64).eps = 2^-52. A zero label is not skipped: its row adds
 * |y − ŷ| / 2^-52, which is huge unless the prediction is exactly 0 too.
 */
export const MAPE_EPS = Number.EPSILON;

export interface RegressionStateJSON {
  readonly version: 1;
  readonly count: number;
  /** Mean of the actual values (Welford / Chan). */
  readonly actualMean: number;
  /** Σ (y − mean y)², the actual values' sum of squared deviations (Welford / Chan). */
  readonly actualM2: number;
  readonly absoluteErrorSum: { readonly sum: number; readonly compensation: number };
  readonly squaredErrorSum: { readonly sum: number; readonly compensation: number };
  readonly absolutePercentageErrorSum: { readonly sum: number; readonly compensation: number };
}

/**
 * A window's regression results as mergeable state: the row count, compensated sums of |e|, e²
 * and |e| / max(|y|, eps) (e = y − ŷ), and the actual values' mean and sum of squared deviations
 * kept with Welford's update and merged with Chan et al.'s pairwise formula, so R² stays accurate
 * for labels with a large offset (no Σy² − (Σy)²/n cancellation) and R² of a merged window equals
 * R² over all its rows to rounding.
 */
export class RegressionState {
  private n = 0;
  private mean = 0;
  private m2 = 0;
  private readonly absoluteError = new CompensatedSum();
  private readonly squaredError = new CompensatedSum();
  private readonly percentageError = new CompensatedSum();

  get count(): number {
    return this.n;
  }

  get actualMean(): number {
    return this.mean;
  }

  /** Σ (y − mean y)²: R²'s total sum of squares. */
  get actualSumOfSquares(): number {
    return this.m2;
  }

  get absoluteErrorSum(): number {
    return this.absoluteError.value;
  }

  get squaredErrorSum(): number {
    return this.squaredError.value;
  }

  get absolutePercentageErrorSum(): number {
    return this.percentageError.value;
  }

  add(actual: number, predicted: number): void {
    requireFinite(actual, 'actual');
    requireFinite(predicted, 'predicted');
    const e = actual - predicted;
    this.absoluteError.add(Math.abs(e));
    this.squaredError.add(e * e);
    this.percentageError.add(Math.abs(e) / Math.max(Math.abs(actual), MAPE_EPS));
    this.n++;
    const delta = actual - this.mean;
    this.mean += delta / this.n;
    this.m2 += delta * (actual - this.mean);
  }

  static merge(a: RegressionState, b: RegressionState): RegressionState {
    const out = new RegressionState();
    out.n = a.n + b.n;
    if (out.n > 0) {
      const delta = b.mean - a.mean;
      out.mean = a.n === 0 ? b.mean : b.n === 0 ? a.mean : a.mean + (delta * b.n) / out.n;
      out.m2 = a.m2 + b.m2 + (a.n === 0 || b.n === 0 ? 0 : (delta * delta * a.n * b.n) / out.n);
    }
    for (const s of [a, b]) {
      out.absoluteError.addSum(s.absoluteError);
      out.squaredError.addSum(s.squaredError);
      out.percentageError.addSum(s.percentageError);
    }
    return out;
  }

  toJSON(): RegressionStateJSON {
    return {
      version: 1,
      count: this.n,
      actualMean: this.mean,
      actualM2: this.m2,
      absoluteErrorSum: this.absoluteError.toJSON(),
      squaredErrorSum: this.squaredError.toJSON(),
      absolutePercentageErrorSum: this.percentageError.toJSON(),
    };
  }

  static fromJSON(json: unknown): RegressionState {
    const j = requireObject(json, 'regression state');
    if (j['version'] !== 1) throw new PerformanceInputError(`regression state: unknown version ${String(j['version'])}`);
    const out = new RegressionState();
    out.n = requireCount(j['count'], 'count');
    requireFinite(j['actualMean'] as number, 'actualMean');
    requireFinite(j['actualM2'] as number, 'actualM2');
    if ((j['actualM2'] as number) < 0) throw new PerformanceInputError('actualM2 must be non-negative');
    out.mean = j['actualMean'] as number;
    out.m2 = j['actualM2'] as number;
    out.absoluteError.addSum(CompensatedSum.fromJSON(j['absoluteErrorSum'], 'absoluteErrorSum'));
    out.squaredError.addSum(CompensatedSum.fromJSON(j['squaredErrorSum'], 'squaredErrorSum'));
    out.percentageError.addSum(CompensatedSum.fromJSON(j['absolutePercentageErrorSum'], 'absolutePercentageErrorSum'));
    return out;
  }
}
