import type { RegressionState } from './regression-state.ts';

export interface RegressionMetrics {
  readonly count: number;
  /** null for an empty state. */
  readonly mae: number | null;
  readonly rmse: number | null;
  /** A fraction (0.05 = 5 %), as sklearn; zero labels use the eps floor (see MAPE_EPS). */
  readonly mape: number | null;
  /** null for fewer than two rows (sklearn: NaN with a warning). */
  readonly r2: number | null;
}

/**
 * The metrics of a regression state, with sklearn.metrics' definitions: mean_absolute_error,
 * root_mean_squared_error, mean_absolute_percentage_error and r2_score(force_finite=True):
 * R² = 1 − SSE / SST; when SST = 0 (constant labels) it is 1 if SSE = 0, else 0.
 */
export function regressionMetrics(state: RegressionState): RegressionMetrics {
  const n = state.count;
  if (n === 0) return { count: 0, mae: null, rmse: null, mape: null, r2: null };
  const sse = state.squaredErrorSum;
  const sst = state.actualSumOfSquares;
  let r2: number | null;
  if (n < 2) r2 = null;
  else if (sse === 0) r2 = 1;
  else if (sst === 0) r2 = 0;
  else r2 = 1 - sse / sst;
  return {
    count: n,
    mae: state.absoluteErrorSum / n,
    rmse: Math.sqrt(sse / n),
    mape: state.absolutePercentageErrorSum / n,
    r2,
  };
}
