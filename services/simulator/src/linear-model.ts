import { standardize, type FeatureValue } from './feature-sampler.ts';
import type { FeatureSpec } from './feature-spec.ts';

/**
 * A linear scorer over standardised inputs: one row per output (one for binary and
 * regression, one per class for multi-class). Categorical effects are centred on the
 * training shares, so a missing or unseen category contributes 0 and each term is the
 * feature's exact (linear SHAP) attribution.
 */
export interface LinearModel {
  readonly intercept: readonly number[];
  readonly numeric: Readonly<Record<string, readonly number[]>>;
  readonly categorical: Readonly<Record<string, Readonly<Record<string, readonly number[]>>>>;
}

/** An event's inputs as the model reads them: numeric ones standardised, nulls left out. */
export interface EncodedInput {
  readonly numeric: Readonly<Record<string, number>>;
  readonly categorical: Readonly<Record<string, string>>;
}

export function encodeInput(specs: readonly FeatureSpec[], values: Readonly<Record<string, FeatureValue>>): EncodedInput {
  const numeric: Record<string, number> = {};
  const categorical: Record<string, string> = {};
  for (const spec of specs) {
    const v = values[spec.name];
    if (v === null || v === undefined) continue;
    if (spec.type === 'numeric' && typeof v === 'number') numeric[spec.name] = standardize(spec.distribution, v);
    else if (typeof v === 'boolean') categorical[spec.name] = String(v);
    else if (typeof v === 'string') categorical[spec.name] = v;
  }
  return { numeric, categorical };
}

/** One score per row. */
export function scoreRows(model: LinearModel, input: EncodedInput): number[] {
  const scores = model.intercept.slice();
  const rows = scores.length;
  for (const name in input.numeric) {
    const w = model.numeric[name];
    const z = input.numeric[name]!;
    if (w) for (let r = 0; r < rows; r++) scores[r]! += w[r]! * z;
  }
  for (const name in input.categorical) {
    const effect = model.categorical[name]?.[input.categorical[name]!];
    if (effect) for (let r = 0; r < rows; r++) scores[r]! += effect[r]!;
  }
  return scores;
}

/** Each feature's share of one row's score (0 for a missing feature). */
export function attributions(model: LinearModel, specs: readonly FeatureSpec[], input: EncodedInput, row: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const spec of specs) {
    const z = input.numeric[spec.name];
    const category = input.categorical[spec.name];
    let value = 0;
    if (z !== undefined) value = (model.numeric[spec.name]?.[row] ?? 0) * z;
    else if (category !== undefined) value = model.categorical[spec.name]?.[category]?.[row] ?? 0;
    out[spec.name] = value;
  }
  return out;
}

/** The same model with every weight (not the intercept) multiplied by `factor`. */
export function scaleWeights(model: LinearModel, factor: number | readonly number[]): LinearModel {
  const f = (r: number) => (typeof factor === 'number' ? factor : factor[r]!);
  const scale = (w: readonly number[]) => w.map((x, r) => x * f(r));
  return {
    intercept: model.intercept,
    numeric: Object.fromEntries(Object.entries(model.numeric).map(([k, w]) => [k, scale(w)])),
    categorical: Object.fromEntries(
      Object.entries(model.categorical).map(([k, effects]) => [k, Object.fromEntries(Object.entries(effects).map(([c, w]) => [c, scale(w)]))]),
    ),
  };
}

export function withIntercept(model: LinearModel, intercept: readonly number[]): LinearModel {
  return { ...model, intercept };
}
