import { EstimationInputError } from './estimation-input-error.ts';

/**
 * A fitted isotonic regression, as plain JSON: sklearn's `X_thresholds_`, `y_thresholds_`,
 * `X_min_`, `X_max_`. Enough to predict; nothing of the training data beyond these points.
 */
export interface IsotonicModelJSON {
  readonly xThresholds: readonly number[];
  readonly yThresholds: readonly number[];
  readonly xMin: number;
  readonly xMax: number;
}

/** float64 resolution (`np.finfo(float64).resolution`): sklearn merges X values closer than this. */
const RESOLUTION = 1e-15;

/**
 * Pool-adjacent-violators on y with weights w, in place: scipy.optimize.isotonic_regression's
 * implementation (Busing 2022, Algorithm 1, with >= in both violation checks), which
 * scikit-learn >= 1.3 calls when scipy >= 1.12. The block sums are re-formed from block means
 * exactly as scipy does, so the fitted values are the same doubles.
 */
export function pava(x: number[], w: number[]): void {
  const n = x.length;
  if (n === 0) return;
  const r = new Array<number>(n + 1).fill(-1);
  r[0] = 0;
  r[1] = 1;
  let b = 0;
  let xbPrev = x[0] as number;
  let wbPrev = w[0] as number;
  for (let i = 1; i < n; ++i) {
    b++;
    let xb = x[i] as number;
    let wb = w[i] as number;
    let sb = 0;
    if (xbPrev >= xb) {
      b--;
      sb = wbPrev * xbPrev + wb * xb;
      wb += wbPrev;
      xb = sb / wb;
      while (i < n - 1 && xb >= (x[i + 1] as number)) {
        i++;
        sb += (w[i] as number) * (x[i] as number);
        wb += w[i] as number;
        xb = sb / wb;
      }
      while (b > 0 && (x[b - 1] as number) >= xb) {
        b--;
        sb += (w[b] as number) * (x[b] as number);
        wb += w[b] as number;
        xb = sb / wb;
      }
    }
    x[b] = xbPrev = xb;
    w[b] = wbPrev = wb;
    r[b + 1] = i + 1;
  }
  let f = n - 1;
  for (let k = b; k >= 0; --k) {
    const t = r[k] as number;
    const xk = x[k] as number;
    for (let i = f; i >= t; --i) x[i] = xk;
    f = t - 1;
  }
}

/**
 * Isotonic (non-decreasing) regression of y on x, as scikit-learn's
 * `IsotonicRegression(increasing=True, out_of_bounds='clip')` fits and predicts it:
 * 1. sort by (x, y); merge runs of x closer than 1e-15 into one point (its first x) whose y is
 *    the mean of the run and whose weight is the run's length (sklearn's `_make_unique`);
 * 2. pool adjacent violators on those points (`pava`);
 * 3. keep the first and last point and every point whose fitted y differs from a neighbour's;
 * 4. predict by clipping to [xMin, xMax] and interpolating linearly between kept points
 *    (numpy.interp, which scipy's interp1d delegates to for float64 data).
 * Serializable: `toJSON()` / `IsotonicRegression.fromJSON()`.
 */
export class IsotonicRegression {
  readonly xThresholds: readonly number[];
  readonly yThresholds: readonly number[];
  readonly xMin: number;
  readonly xMax: number;
  /** Slopes between consecutive thresholds, computed once as numpy.interp does. */
  private readonly slopes: readonly number[];

  private constructor(model: IsotonicModelJSON) {
    this.xThresholds = model.xThresholds;
    this.yThresholds = model.yThresholds;
    this.xMin = model.xMin;
    this.xMax = model.xMax;
    const s: number[] = [];
    for (let j = 0; j + 1 < model.xThresholds.length; j++) {
      s.push(((model.yThresholds[j + 1] as number) - (model.yThresholds[j] as number)) / ((model.xThresholds[j + 1] as number) - (model.xThresholds[j] as number)));
    }
    this.slopes = s;
  }

  /** Fits on x (e.g. reference scores) and y (e.g. 0/1 labels); both finite, same length ≥ 1. */
  static fit(x: readonly number[], y: readonly number[]): IsotonicRegression {
    if (x.length !== y.length) throw new EstimationInputError(`x and y differ in length (${x.length} vs ${y.length})`);
    if (x.length === 0) throw new EstimationInputError('isotonic regression needs at least one point');
    for (let i = 0; i < x.length; i++) {
      if (!Number.isFinite(x[i]) || !Number.isFinite(y[i])) throw new EstimationInputError(`point ${i} is not finite (${x[i]}, ${y[i]})`);
    }
    const order = x.map((_, i) => i).sort((a, b) => (x[a] as number) - (x[b] as number) || (y[a] as number) - (y[b] as number));
    const ux: number[] = [];
    const uy: number[] = [];
    const uw: number[] = [];
    let currentX = x[order[0] as number] as number;
    let currentY = 0;
    let currentW = 0;
    for (const j of order) {
      const xj = x[j] as number;
      if (xj - currentX >= RESOLUTION) {
        ux.push(currentX);
        uw.push(currentW);
        uy.push(currentY / currentW);
        currentX = xj;
        currentW = 1;
        currentY = y[j] as number;
      } else {
        currentW += 1;
        currentY += y[j] as number;
      }
    }
    ux.push(currentX);
    uw.push(currentW);
    uy.push(currentY / currentW);
    pava(uy, uw);
    const keptX: number[] = [];
    const keptY: number[] = [];
    for (let i = 0; i < uy.length; i++) {
      const yi = uy[i] as number;
      if (i === 0 || i === uy.length - 1 || yi !== uy[i - 1] || yi !== uy[i + 1]) {
        keptX.push(ux[i] as number);
        keptY.push(yi);
      }
    }
    return new IsotonicRegression({ xThresholds: keptX, yThresholds: keptY, xMin: ux[0] as number, xMax: ux[ux.length - 1] as number });
  }

  /** The fitted value at x: clipped to [xMin, xMax], then numpy.interp over the thresholds. */
  predict(value: number): number {
    if (Number.isNaN(value)) return value;
    const xs = this.xThresholds;
    const ys = this.yThresholds;
    const n = xs.length;
    if (n === 1) return ys[0] as number;
    const v = Math.min(Math.max(value, this.xMin), this.xMax);
    if (v <= (xs[0] as number)) return ys[0] as number;
    if (v >= (xs[n - 1] as number)) return ys[n - 1] as number;
    // Largest j with xs[j] <= v (numpy's binary_search_with_guess result), 0 <= j < n - 1.
    let lo = 0;
    let hi = n - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if ((xs[mid] as number) <= v) lo = mid;
      else hi = mid;
    }
    const xj = xs[lo] as number;
    const yj = ys[lo] as number;
    if (xj === v) return yj;
    const slope = this.slopes[lo] as number;
    let res = slope * (v - xj) + yj;
    if (Number.isNaN(res)) {
      res = slope * (v - (xs[lo + 1] as number)) + (ys[lo + 1] as number);
      if (Number.isNaN(res) && yj === ys[lo + 1]) res = yj;
    }
    return res;
  }

  toJSON(): IsotonicModelJSON {
    return { xThresholds: [...this.xThresholds], yThresholds: [...this.yThresholds], xMin: this.xMin, xMax: this.xMax };
  }

  static fromJSON(json: unknown): IsotonicRegression {
    const j = json as Partial<IsotonicModelJSON> | null;
    if (typeof j !== 'object' || j === null || !Array.isArray(j.xThresholds) || !Array.isArray(j.yThresholds)) {
      throw new EstimationInputError('isotonic model must be { xThresholds, yThresholds, xMin, xMax }');
    }
    const xs = j.xThresholds;
    const ys = j.yThresholds;
    if (xs.length === 0 || xs.length !== ys.length) throw new EstimationInputError('isotonic model: thresholds must be non-empty and of equal length');
    for (let i = 0; i < xs.length; i++) {
      if (!Number.isFinite(xs[i]) || !Number.isFinite(ys[i])) throw new EstimationInputError(`isotonic model: threshold ${i} is not finite`);
      if (i > 0 && !((xs[i] as number) > (xs[i - 1] as number) && (ys[i] as number) >= (ys[i - 1] as number))) {
        throw new EstimationInputError(`isotonic model: thresholds must increase (at ${i})`);
      }
    }
    if (!Number.isFinite(j.xMin) || !Number.isFinite(j.xMax) || (j.xMin as number) > (j.xMax as number)) {
      throw new EstimationInputError('isotonic model: xMin and xMax must be finite with xMin <= xMax');
    }
    return new IsotonicRegression({ xThresholds: [...xs], yThresholds: [...ys], xMin: j.xMin as number, xMax: j.xMax as number });
  }
}
