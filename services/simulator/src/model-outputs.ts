import { attributions, scoreRows, type EncodedInput } from './linear-model.ts';
import { sigmoid, softmax } from './link-functions.ts';
import type { Random } from './random.ts';
import type { SimulatedModel } from './simulated-model.ts';

export interface ModelPrediction {
  readonly prediction: number | string;
  /** Classification: class to probability, summing to 1; the prediction is the likeliest. */
  readonly scores?: Record<string, number>;
  readonly attributions?: Record<string, number>;
}

/** What the deployed model answers for one input. */
export function predict(model: SimulatedModel, input: EncodedInput): ModelPrediction {
  const t = model.template;
  const rows = scoreRows(model.deployed, input);
  const explain = (row: number, unit: number) =>
    t.attributions ? { attributions: roundAll(attributions(model.deployed, t.features, input, row), 4, unit) } : {};
  if (t.task === 'regression') {
    return { prediction: regressionValue(model, rows[0]!, 0), ...explain(0, regressionUnit(model)) };
  }
  const classes = t.classes!;
  const probabilities = t.task === 'binary' ? binary(rows[0]!) : softmax(rows);
  const best = argmax(probabilities);
  const scores: Record<string, number> = {};
  classes.forEach((c, i) => (scores[String(c)] = round(probabilities[i]!, 6)));
  // Binary attributions explain the positive class's logit; multi-class ones the predicted class.
  return { prediction: classes[best]!, scores, ...explain(t.task === 'binary' ? 0 : best, 1) };
}

/**
 * The true outcome for one input: drawn from the label function, which during a concept
 * drift is blended (by `conceptStrength`, 0 to 1) towards the drifted one.
 */
export function drawLabel(model: SimulatedModel, input: EncodedInput, conceptStrength: number, rng: Random): number | string {
  const t = model.template;
  const truth = scoreRows(model.truth, input);
  const rows = conceptStrength > 0 ? blend(truth, scoreRows(model.drifted, input), conceptStrength) : truth;
  const u = rng.next();
  const noise = rng.normal();
  if (t.task === 'regression') return regressionValue(model, rows[0]!, noise);
  const classes = t.classes!;
  if (t.task === 'binary') return u < sigmoid(rows[0]!) ? classes[1]! : classes[0]!;
  const probabilities = softmax(rows);
  let acc = 0;
  for (let i = 0; i < probabilities.length; i++) {
    acc += probabilities[i]!;
    if (u < acc) return classes[i]!;
  }
  return classes[classes.length - 1]!;
}

/** What a failed request still carries: the first class, or a regression model's mean. */
export function fallbackPrediction(model: SimulatedModel): number | string {
  const t = model.template;
  return t.task === 'regression' ? t.target!.mean : t.classes![0]!;
}

function regressionValue(model: SimulatedModel, score: number, noise: number): number {
  const target = model.template.target!;
  const explained = Math.sqrt(1 - target.noise ** 2);
  let y = target.mean + target.sd * (explained * score + target.noise * noise);
  if (target.min !== undefined) y = Math.max(target.min, y);
  return round(y, target.decimals ?? 3);
}

function regressionUnit(model: SimulatedModel): number {
  const target = model.template.target!;
  return target.sd * Math.sqrt(1 - target.noise ** 2);
}

function binary(logit: number): number[] {
  const p = sigmoid(logit);
  return [1 - p, p];
}

function blend(a: readonly number[], b: readonly number[], t: number): number[] {
  return a.map((x, i) => (1 - t) * x + t * b[i]!);
}

function argmax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

function round(x: number, decimals: number): number {
  const f = 10 ** decimals;
  const r = Math.round(x * f) / f;
  return r === 0 ? 0 : r;
}

function roundAll(values: Record<string, number>, decimals: number, unit: number): Record<string, number> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, round(v * unit, decimals)]));
}
