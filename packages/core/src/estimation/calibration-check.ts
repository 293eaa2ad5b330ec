import { seededRandom } from '../drift/seeded-random.ts';
import { EstimationInputError } from './estimation-input-error.ts';
import { IsotonicRegression } from './isotonic-regression.ts';

/** NannyML `_get_bin_index_edges`: `binCount` equal-count index ranges [left, right) over n rows. */
export function binIndexEdges(n: number, binCount: number): [number, number][] {
  let bins = binCount;
  if (n <= 2 * bins) {
    bins = Math.floor(n / 2);
    if (bins < 2) throw new EstimationInputError(`cannot split ${n} rows into at least 2 bins`);
  }
  const width = Math.floor(n / bins);
  const edges: number[] = [];
  for (let e = 0; e <= n; e += width) edges.push(e);
  edges[edges.length - 1] = n;
  const out: [number, number][] = [];
  for (let i = 0; i + 1 < edges.length; i++) out.push([edges[i] as number, edges[i + 1] as number]);
  return out;
}

/**
 * NannyML `_calculate_expected_calibration_error`: sort rows by score, and over equal-count bins
 * sum (bin size / n) · |mean score − mean label|. NannyML sorts with numpy's unstable quicksort;
 * with tied scores and different labels the bin contents (hence the ECE) depend on that order.
 * Here ties keep input order (stable sort), so tied inputs can differ from NannyML.
 */
export function expectedCalibrationError(labels: readonly number[], scores: readonly number[], edges: readonly (readonly [number, number])[]): number {
  const order = scores.map((_, i) => i).sort((a, b) => (scores[a] as number) - (scores[b] as number));
  let ece = 0;
  for (const [left, right] of edges) {
    let sp = 0;
    let sl = 0;
    for (let k = left; k < right; k++) {
      const i = order[k] as number;
      sp += scores[i] as number;
      sl += labels[i] as number;
    }
    const size = right - left;
    ece += (size / scores.length) * Math.abs(sp / size - sl / size);
  }
  return ece;
}

export interface NeedsCalibrationOptions {
  readonly binCount?: number;
  readonly splitCount?: number;
  /** Share of rows held out per split (NannyML: 0.1). */
  readonly testSize?: number;
  readonly seed?: number;
}

/**
 * NannyML's `needs_calibration` rule for a binary reference set: no if the labels have one class
 * or the scores' ROC AUC exceeds 0.999; otherwise, over `splitCount` stratified shuffle splits
 * (10% held out), fit isotonic regression on the training part and calibrate the held-out part;
 * calibrate if the ECE (10 equal-count bins) of all held-out scores together is larger before
 * calibration than after. NannyML draws the splits with sklearn's StratifiedShuffleSplit
 * (random_state=42); this draws them with a seeded generator of its own, so on a borderline
 * reference the decision can differ from NannyML's. The decision is meant to be taken once per
 * reference and stored with the calibrator.
 */
export function needsCalibration(labels: readonly number[], scores: readonly number[], options: NeedsCalibrationOptions = {}): boolean {
  const { binCount = 10, splitCount = 10, testSize = 0.1, seed = 42 } = options;
  if (labels.length !== scores.length) throw new EstimationInputError('labels and scores differ in length');
  const positives: number[] = [];
  const negatives: number[] = [];
  labels.forEach((l, i) => {
    if (l !== 0 && l !== 1) throw new EstimationInputError(`label ${i} must be 0 or 1, got ${l}`);
    (l === 1 ? positives : negatives).push(i);
  });
  if (positives.length === 0 || negatives.length === 0) return false;
  if (rankAuc(labels, scores) > 0.999) return false;
  const random = seededRandom(seed);
  const testLabels: number[] = [];
  const testScores: number[] = [];
  const testCalibrated: number[] = [];
  for (let s = 0; s < splitCount; s++) {
    const test = new Set<number>();
    for (const group of [positives, negatives]) {
      const shuffled = [...group];
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = Math.floor(random.next() * (i + 1));
        [shuffled[i], shuffled[j]] = [shuffled[j] as number, shuffled[i] as number];
      }
      const take = Math.max(1, Math.round(group.length * testSize));
      for (const i of shuffled.slice(0, take)) test.add(i);
    }
    const trainX: number[] = [];
    const trainY: number[] = [];
    scores.forEach((v, i) => {
      if (!test.has(i)) {
        trainX.push(v);
        trainY.push(labels[i] as number);
      }
    });
    const model = IsotonicRegression.fit(trainX, trainY);
    for (const i of test) {
      testLabels.push(labels[i] as number);
      testScores.push(scores[i] as number);
      testCalibrated.push(model.predict(scores[i] as number));
    }
  }
  const edges = binIndexEdges(testScores.length, binCount);
  return expectedCalibrationError(testLabels, testScores, edges) > expectedCalibrationError(testLabels, testCalibrated, edges);
}

/** ROC AUC with ties counting ½ (sklearn roc_auc_score), for the 0.999 short cut. */
function rankAuc(labels: readonly number[], scores: readonly number[]): number {
  const order = scores.map((_, i) => i).sort((a, b) => (scores[a] as number) - (scores[b] as number));
  let negBelow = 0;
  let concordant = 0;
  let p = 0;
  let n = 0;
  for (let k = 0; k < order.length; ) {
    const s = scores[order[k] as number];
    let pos = 0;
    let neg = 0;
    while (k < order.length && scores[order[k] as number] === s) {
      if (labels[order[k] as number] === 1) pos++;
      else neg++;
      k++;
    }
    concordant += pos * (2 * negBelow + neg);
    negBelow += neg;
    p += pos;
    n += neg;
  }
  return concordant / (2 * p * n);
}
