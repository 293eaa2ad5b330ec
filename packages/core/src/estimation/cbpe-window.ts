import { CompensatedSum, type CompensatedSumJSON } from '../numeric/compensated-sum.ts';
import { EstimationInputError } from './estimation-input-error.ts';
import type { IsotonicRegression } from './isotonic-regression.ts';
import { numpyRound, numpySum } from './numpy-arithmetic.ts';

/** How raw scores become probabilities: NannyML's fitted isotonic calibrator, or none (identity). */
export type ScoreCalibrator = Pick<IsotonicRegression, 'predict'> | null;

export interface CbpeWindowJSON {
  /** Rows predicted positive: count, Σ p̂, Σ (1 − p̂) over their calibrated probabilities p̂. */
  readonly predictedPositive: { readonly count: number; readonly sumP: CompensatedSumJSON; readonly sumOneMinusP: CompensatedSumJSON };
  readonly predictedNegative: { readonly count: number; readonly sumP: CompensatedSumJSON; readonly sumOneMinusP: CompensatedSumJSON };
  /** Raw (uncalibrated) score → number of rows, sorted by score. */
  readonly scores: readonly (readonly [score: number, count: number])[];
}

export interface CbpeEstimates {
  readonly rows: number;
  /** Expected confusion matrix: E[TP] = Σ_{ŷ=1} p̂, E[FP] = Σ_{ŷ=1} (1 − p̂), E[FN] = Σ_{ŷ=0} p̂, E[TN] = Σ_{ŷ=0} (1 − p̂). */
  readonly truePositive: number;
  readonly falsePositive: number;
  readonly falseNegative: number;
  readonly trueNegative: number;
  /** (E[TP] + E[TN]) / rows; null for an empty window (NannyML: NaN). */
  readonly accuracy: number | null;
  /** E[TP] / (E[TP] + E[FP]); 0 when the denominator is 0, as NannyML. Null for an empty window. */
  readonly precision: number | null;
  /** E[TP] / (E[TP] + E[FN]); 0 when the denominator is 0. Null for an empty window. */
  readonly recall: number | null;
  /** E[TP] / (E[TP] + ½(E[FP] + E[FN])); 0 when the denominator is 0. Null for an empty window. */
  readonly f1: number | null;
  /** NannyML's estimated ROC AUC (see `estimateRocAuc`); null where NannyML gives NaN. */
  readonly rocAuc: number | null;
}

class Side {
  count = 0;
  readonly sumP = new CompensatedSum();
  readonly sumOneMinusP = new CompensatedSum();
  add(p: number, times: number): void {
    this.count += times;
    for (let i = 0; i < times; i++) {
      this.sumP.add(p);
      this.sumOneMinusP.add(1 - p);
    }
  }
  merge(o: Side): void {
    this.count += o.count;
    this.sumP.addSum(o.sumP);
    this.sumOneMinusP.addSum(o.sumOneMinusP);
  }
}

/**
 * NannyML's estimated ROC AUC (metrics.py `estimate_roc_auc`), ported operation for operation:
 * rows sorted by raw score, descending; tps = cumsum(p̂), fps = (1 + i) − tps, both with a leading
 * 0 and rounded to 5 decimals (np.round); tpr = tps / tps[-1], fpr = fps / fps[-1]; trapezoidal
 * area (sklearn.metrics.auc). Every row is a point of the curve (no merging of tied scores).
 * Tied raw scores have the same calibrated p̂, so their order does not matter. Null where NannyML's
 * result is NaN (all p̂ = 0 or all p̂ = 1, or no rows).
 */
export function estimateRocAuc(calibrated: readonly number[], uncalibrated: readonly number[]): number | null {
  if (calibrated.length !== uncalibrated.length) throw new EstimationInputError('calibrated and uncalibrated differ in length');
  const order = uncalibrated.map((_, i) => i).sort((a, b) => (uncalibrated[b] as number) - (uncalibrated[a] as number));
  return rocAucFromDescending(order.map((i) => calibrated[i] as number));
}

function rocAucFromDescending(p: readonly number[]): number | null {
  const n = p.length;
  if (n === 0) return null;
  const tps = new Array<number>(n + 1);
  const fps = new Array<number>(n + 1);
  tps[0] = 0;
  fps[0] = 0;
  let cum = 0;
  for (let i = 0; i < n; i++) {
    cum += p[i] as number;
    tps[i + 1] = numpyRound(cum, 5);
    fps[i + 1] = numpyRound(1 + i - cum, 5);
  }
  const tLast = tps[n] as number;
  const fLast = fps[n] as number;
  if (tLast === 0 || fLast === 0) return null;
  const terms = new Array<number>(n);
  let increasing = true;
  let decreasing = true;
  const fpr = fps.map((v) => v / fLast);
  const tpr = tps.map((v) => v / tLast);
  for (let j = 0; j < n; j++) {
    const dx = (fpr[j + 1] as number) - (fpr[j] as number);
    if (dx < 0) increasing = false;
    if (dx > 0) decreasing = false;
    terms[j] = (dx * ((tpr[j + 1] as number) + (tpr[j] as number))) / 2;
  }
  if (!increasing && !decreasing) return null; // sklearn.metrics.auc raises: x is not monotonic
  const area = numpySum(terms);
  return decreasing && !increasing ? -area : area;
}

/**
 * The mergeable state of one window for CBPE on a binary classifier: from each row's raw score
 * and predicted label, with the calibrator fitted on the reference. Sums of calibrated
 * probabilities give the expected confusion matrix (and so accuracy, precision, recall, F1);
 * the count of rows per raw score gives NannyML's ROC AUC estimate exactly, since p̂ is a
 * function of the raw score. Merging two windows gives the state of their union.
 *
 * Size: the score map holds one entry per distinct raw score, so it is bounded by the rows of
 * the window, not by a constant (scores rounded by the model, e.g. to 4 decimals, bound it).
 * The calibrator is not part of the JSON: windows of one reference share it, and `merge` and
 * `fromJSON` take it as given.
 */
export class CbpeWindow {
  private readonly positive = new Side();
  private readonly negative = new Side();
  private readonly scoreCounts = new Map<number, number>();

  constructor(readonly calibrator: ScoreCalibrator) {}

  get rows(): number {
    return this.positive.count + this.negative.count;
  }

  /** Counts one row: its raw score in [0, 1] and whether the model predicted the positive class. */
  add(score: number, predictedPositive: boolean): void {
    if (typeof score !== 'number' || !(score >= 0 && score <= 1)) throw new EstimationInputError(`score must be in [0, 1], got ${String(score)}`);
    this.addCounts(score, predictedPositive, 1);
  }

  /** A new window with the rows of both; both must use the same calibrator object. */
  static merge(a: CbpeWindow, b: CbpeWindow): CbpeWindow {
    if (a.calibrator !== b.calibrator) throw new EstimationInputError('cannot merge CBPE windows with different calibrators');
    const out = new CbpeWindow(a.calibrator);
    for (const w of [a, b]) {
      out.positive.merge(w.positive);
      out.negative.merge(w.negative);
      for (const [s, c] of w.scoreCounts) out.scoreCounts.set(s, (out.scoreCounts.get(s) ?? 0) + c);
    }
    return out;
  }

  estimates(): CbpeEstimates {
    const rows = this.rows;
    const tp = this.positive.sumP.value;
    const fp = this.positive.sumOneMinusP.value;
    const fn = this.negative.sumP.value;
    const tn = this.negative.sumOneMinusP.value;
    if (rows === 0) {
      return { rows, truePositive: 0, falsePositive: 0, falseNegative: 0, trueNegative: 0, accuracy: null, precision: null, recall: null, f1: null, rocAuc: null };
    }
    const ratio = (num: number, den: number): number => (den !== 0 ? num / den : 0);
    const descending: number[] = [];
    for (const [score, count] of [...this.scoreCounts.entries()].sort((x, y) => y[0] - x[0])) {
      const p = this.calibrate(score);
      for (let i = 0; i < count; i++) descending.push(p);
    }
    return {
      rows,
      truePositive: tp,
      falsePositive: fp,
      falseNegative: fn,
      trueNegative: tn,
      accuracy: (tp + tn) / rows,
      precision: ratio(tp, tp + fp),
      recall: ratio(tp, tp + fn),
      f1: ratio(tp, tp + 0.5 * (fp + fn)),
      rocAuc: rocAucFromDescending(descending),
    };
  }

  toJSON(): CbpeWindowJSON {
    const side = (s: Side) => ({ count: s.count, sumP: s.sumP.toJSON(), sumOneMinusP: s.sumOneMinusP.toJSON() });
    return {
      predictedPositive: side(this.positive),
      predictedNegative: side(this.negative),
      scores: [...this.scoreCounts.entries()].sort((x, y) => x[0] - y[0]),
    };
  }

  static fromJSON(json: unknown, calibrator: ScoreCalibrator): CbpeWindow {
    const j = json as Partial<CbpeWindowJSON> | null;
    if (typeof j !== 'object' || j === null || !Array.isArray(j.scores) || typeof j.predictedPositive !== 'object' || typeof j.predictedNegative !== 'object') {
      throw new EstimationInputError('CBPE window must be { predictedPositive, predictedNegative, scores }');
    }
    const out = new CbpeWindow(calibrator);
    const readSide = (target: Side, src: unknown, what: string): void => {
      const s = src as { count?: unknown; sumP?: unknown; sumOneMinusP?: unknown } | null;
      if (s === null || typeof s.count !== 'number' || !Number.isSafeInteger(s.count) || s.count < 0) throw new EstimationInputError(`${what}.count must be a count`);
      target.count = s.count;
      target.sumP.addSum(CompensatedSum.fromJSON(s.sumP, `${what}.sumP`));
      target.sumOneMinusP.addSum(CompensatedSum.fromJSON(s.sumOneMinusP, `${what}.sumOneMinusP`));
    };
    readSide(out.positive, j.predictedPositive, 'predictedPositive');
    readSide(out.negative, j.predictedNegative, 'predictedNegative');
    let total = 0;
    for (const e of j.scores) {
      const [s, c] = (Array.isArray(e) ? e : []) as unknown[];
      if (typeof s !== 'number' || !(s >= 0 && s <= 1) || typeof c !== 'number' || !Number.isSafeInteger(c) || c < 1 || out.scoreCounts.has(s)) {
        throw new EstimationInputError(`CBPE window: bad score entry ${JSON.stringify(e)}`);
      }
      out.scoreCounts.set(s, c);
      total += c;
    }
    if (total !== out.rows) throw new EstimationInputError(`CBPE window: score counts total ${total}, rows ${out.rows}`);
    return out;
  }

  private calibrate(score: number): number {
    return this.calibrator === null ? score : this.calibrator.predict(score);
  }

  private addCounts(score: number, predictedPositive: boolean, times: number): void {
    (predictedPositive ? this.positive : this.negative).add(this.calibrate(score), times);
    this.scoreCounts.set(score, (this.scoreCounts.get(score) ?? 0) + times);
  }
}
