import { CalibrationBins } from './calibration-bins.ts';
import { CompensatedSum } from '../numeric/compensated-sum.ts';
import { PerformanceInputError } from './performance-input-error.ts';
import { ScoreDistribution, type ScoreDistributionOptions } from './score-distribution.ts';
import { requireArray, requireCount, requireObject, requireProbability } from './validation.ts';

/**
 * What the rows carry besides labels:
 * - `labels`: actual and predicted labels only (confusion matrix and the metrics from it);
 * - `binary`: also `score`, the probability of `positiveLabel`; enables ROC AUC, log loss and
 *   calibration. Labels must be one of the two.
 * - `multiclass`: also `scores`, one probability per class in the order of `classes`; enables
 *   one-vs-rest ROC AUC and log loss. Actual labels must be one of `classes`; predicted labels
 *   may be anything (they only enter the confusion matrix).
 */
export type ClassificationScoring =
  | { readonly kind: 'labels' }
  | { readonly kind: 'binary'; readonly negativeLabel: string; readonly positiveLabel: string }
  | { readonly kind: 'multiclass'; readonly classes: readonly string[] };

export interface ClassificationStateOptions {
  readonly scoring?: ClassificationScoring;
  /** Size bound of each score distribution (ROC AUC); see ScoreDistribution. */
  readonly scoreDistribution?: ScoreDistributionOptions;
}

export interface ClassificationRow {
  readonly actual: string;
  readonly predicted: string;
  /** binary: the probability of the positive label. */
  readonly score?: number;
  /** multiclass: one probability per class, in the order of the scoring's classes. */
  readonly scores?: readonly number[];
}

export interface ClassificationStateJSON {
  readonly version: 1;
  readonly scoring: ClassificationScoring;
  readonly count: number;
  /** [actual, predicted, count] for every non-zero cell, sorted. */
  readonly confusion: readonly (readonly [string, string, number])[];
  /** Sum of the per-row log loss (binary and multiclass). */
  readonly logLossSum?: { readonly sum: number; readonly compensation: number };
  /** binary: the positive label's score; multiclass: one per class (one-vs-rest). */
  readonly scoreDistributions?: readonly unknown[];
  /** binary only. */
  readonly calibration?: readonly unknown[];
}

/** sklearn's log_loss clipping: probabilities are clipped to [eps, 1 - eps], eps = 2^-52. */
export const LOG_LOSS_EPS = Number.EPSILON;

function clippedLogLoss(p: number): number {
  return -Math.log(Math.min(Math.max(p, LOG_LOSS_EPS), 1 - LOG_LOSS_EPS));
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function validateScoring(scoring: ClassificationScoring): ClassificationScoring {
  const s = requireObject(scoring, 'scoring') as unknown as ClassificationScoring;
  switch (s.kind) {
    case 'labels':
      return { kind: 'labels' };
    case 'binary':
      if (typeof s.negativeLabel !== 'string' || typeof s.positiveLabel !== 'string' || s.negativeLabel === s.positiveLabel) {
        throw new PerformanceInputError('binary scoring needs two different string labels, negativeLabel and positiveLabel');
      }
      return { kind: 'binary', negativeLabel: s.negativeLabel, positiveLabel: s.positiveLabel };
    case 'multiclass': {
      const classes = requireArray(s.classes, 'multiclass classes');
      if (classes.length < 2 || classes.some((c) => typeof c !== 'string') || new Set(classes).size !== classes.length) {
        throw new PerformanceInputError('multiclass scoring needs at least two distinct string classes');
      }
      return { kind: 'multiclass', classes: [...(classes as string[])] };
    }
    default:
      throw new PerformanceInputError(`unknown scoring kind ${String((s as { kind?: unknown }).kind)}`);
  }
}

/**
 * A window's classification results as mergeable state: the confusion matrix over string labels
 * and, with scores, the score distributions (ROC AUC), the log-loss sum and the calibration bins.
 * Windows of one minute merge into five-minute, hourly and daily states; the metrics of a merged
 * state equal those of one state over all its rows (counts exactly, sums to ~1e-16 relative).
 * `add` changes the state; `merge` returns a new one.
 */
export class ClassificationState {
  readonly scoring: ClassificationScoring;
  readonly scoreDistributionOptions: ScoreDistributionOptions;
  private rows = 0;
  /** actual → predicted → count. */
  private readonly cells = new Map<string, Map<string, number>>();
  private readonly logLoss = new CompensatedSum();
  private readonly distributions: ScoreDistribution[];
  private calibrationBins: CalibrationBins | undefined;
  private readonly classIndex = new Map<string, number>();

  constructor(options: ClassificationStateOptions = {}) {
    this.scoring = validateScoring(options.scoring ?? { kind: 'labels' });
    const d = options.scoreDistribution ?? {};
    const probe = new ScoreDistribution(d);
    this.scoreDistributionOptions = { maxExactScores: probe.maxExactScores, fallbackBins: probe.fallbackBins };
    if (this.scoring.kind === 'binary') {
      this.distributions = [probe];
      this.calibrationBins = new CalibrationBins();
    } else if (this.scoring.kind === 'multiclass') {
      this.distributions = this.scoring.classes.map(() => new ScoreDistribution(d));
      this.scoring.classes.forEach((c, i) => this.classIndex.set(c, i));
    } else {
      this.distributions = [];
    }
  }

  /** Number of rows. */
  get count(): number {
    return this.rows;
  }

  /** Sum over rows of -log(clip(probability of the actual label)); 0 for `labels` scoring. */
  get logLossSum(): number {
    return this.logLoss.value;
  }

  /** binary: [the positive label's]; multiclass: one per class (class vs rest); labels: []. */
  get scoreDistributions(): readonly ScoreDistribution[] {
    return this.distributions;
  }

  /** binary only. */
  get calibration(): CalibrationBins | undefined {
    return this.calibrationBins;
  }

  /** Labels seen as actual or predicted, sorted by code unit (sklearn's unique_labels order). */
  labels(): string[] {
    const all = new Set<string>();
    for (const [actual, row] of this.cells) {
      all.add(actual);
      for (const predicted of row.keys()) all.add(predicted);
    }
    return [...all].sort(compareStrings);
  }

  /** Rows with this actual and predicted label. */
  cell(actual: string, predicted: string): number {
    return this.cells.get(actual)?.get(predicted) ?? 0;
  }

  add(row: ClassificationRow): void {
    const { actual, predicted } = row;
    if (typeof actual !== 'string' || typeof predicted !== 'string') {
      throw new PerformanceInputError('actual and predicted labels must be strings');
    }
    const s = this.scoring;
    if (s.kind === 'binary') {
      for (const [name, label] of [['actual', actual], ['predicted', predicted]] as const) {
        if (label !== s.negativeLabel && label !== s.positiveLabel) {
          throw new PerformanceInputError(`${name} label "${label}" is neither "${s.negativeLabel}" nor "${s.positiveLabel}"`);
        }
      }
      const score = row.score as number;
      requireProbability(score, 'score');
      const positive = actual === s.positiveLabel;
      (this.distributions[0] as ScoreDistribution).add(score, positive);
      (this.calibrationBins as CalibrationBins).add(score, positive);
      this.logLoss.add(clippedLogLoss(positive ? score : 1 - score));
    } else if (s.kind === 'multiclass') {
      const index = this.classIndex.get(actual);
      if (index === undefined) throw new PerformanceInputError(`actual label "${actual}" is not one of the classes`);
      const scores = row.scores;
      if (!Array.isArray(scores) || scores.length !== s.classes.length) {
        throw new PerformanceInputError(`scores must hold ${s.classes.length} probabilities, one per class`);
      }
      scores.forEach((p, i) => requireProbability(p, `score of "${s.classes[i]}"`));
      scores.forEach((p, i) => (this.distributions[i] as ScoreDistribution).add(p, i === index));
      this.logLoss.add(clippedLogLoss(scores[index] as number));
    }
    this.addCell(actual, predicted, 1);
    this.rows++;
  }

  /** A new state with the rows of both; the states must have the same settings. */
  static merge(a: ClassificationState, b: ClassificationState): ClassificationState {
    if (JSON.stringify(a.scoring) !== JSON.stringify(b.scoring)) {
      throw new PerformanceInputError('cannot merge classification states with different scoring');
    }
    const out = new ClassificationState({ scoring: a.scoring, scoreDistribution: a.scoreDistributionOptions });
    for (const source of [a, b]) {
      for (const [actual, row] of source.cells) for (const [predicted, n] of row) out.addCell(actual, predicted, n);
      out.rows += source.rows;
      out.logLoss.addSum(source.logLoss);
    }
    a.distributions.forEach((d, i) => {
      out.distributions[i] = ScoreDistribution.merge(d, b.distributions[i] as ScoreDistribution);
    });
    if (a.calibrationBins && b.calibrationBins) out.calibrationBins = CalibrationBins.merge(a.calibrationBins, b.calibrationBins);
    return out;
  }

  toJSON(): ClassificationStateJSON {
    const confusion: [string, string, number][] = [];
    for (const [actual, row] of this.cells) for (const [predicted, n] of row) confusion.push([actual, predicted, n]);
    confusion.sort((x, y) => compareStrings(x[0], y[0]) || compareStrings(x[1], y[1]));
    const base = { version: 1 as const, scoring: this.scoring, count: this.rows, confusion };
    if (this.scoring.kind === 'labels') return base;
    return {
      ...base,
      logLossSum: this.logLoss.toJSON(),
      scoreDistributions: this.distributions.map((d) => d.toJSON()),
      ...(this.calibrationBins ? { calibration: this.calibrationBins.toJSON() } : {}),
    };
  }

  static fromJSON(json: unknown): ClassificationState {
    const j = requireObject(json, 'classification state');
    if (j['version'] !== 1) throw new PerformanceInputError(`classification state: unknown version ${String(j['version'])}`);
    const scoring = validateScoring(j['scoring'] as ClassificationScoring);
    const distributionsJson = scoring.kind === 'labels' ? [] : requireArray(j['scoreDistributions'], 'scoreDistributions');
    const distributions = distributionsJson.map((d) => ScoreDistribution.fromJSON(d));
    const first = distributions[0];
    const out = new ClassificationState({
      scoring,
      ...(first ? { scoreDistribution: { maxExactScores: first.maxExactScores, fallbackBins: first.fallbackBins } } : {}),
    });
    if (distributions.length !== out.distributions.length) {
      throw new PerformanceInputError(`classification state: expected ${out.distributions.length} score distributions, got ${distributions.length}`);
    }
    distributions.forEach((d, i) => (out.distributions[i] = d));
    out.rows = requireCount(j['count'], 'count');
    let cellTotal = 0;
    for (const [i, c] of requireArray(j['confusion'], 'confusion').entries()) {
      const cell = requireArray(c, `confusion cell ${i}`);
      const [actual, predicted] = cell;
      if (typeof actual !== 'string' || typeof predicted !== 'string') {
        throw new PerformanceInputError(`confusion cell ${i}: labels must be strings`);
      }
      const n = requireCount(cell[2], `confusion cell ${i} count`);
      out.addCell(actual, predicted, n);
      cellTotal += n;
    }
    if (cellTotal !== out.rows) throw new PerformanceInputError(`classification state: confusion cells sum to ${cellTotal}, count is ${out.rows}`);
    if (scoring.kind !== 'labels') out.logLoss.addSum(CompensatedSum.fromJSON(j['logLossSum'], 'logLossSum'));
    if (scoring.kind === 'binary') out.calibrationBins = CalibrationBins.fromJSON(j['calibration']);
    return out;
  }

  private addCell(actual: string, predicted: string, n: number): void {
    if (n === 0) return;
    let row = this.cells.get(actual);
    if (row === undefined) {
      row = new Map();
      this.cells.set(actual, row);
    }
    row.set(predicted, (row.get(predicted) ?? 0) + n);
  }
}
