import { categoryShares, type FeatureSpec } from './feature-spec.ts';
import { sampleFeature, type FeatureValue } from './feature-sampler.ts';
import { encodeInput, scaleWeights, scoreRows, withIntercept, type EncodedInput, type LinearModel } from './linear-model.ts';
import { sigmoid, softmax } from './link-functions.ts';
import { MODEL_TEMPLATES } from './model-templates.ts';
import type { ModelTemplate } from './model-template.ts';
import { createRandom, type Random } from './random.ts';
import type { SimulatedModel } from './simulated-model.ts';

const CALIBRATION_SAMPLES = 2000;

/**
 * The models of a simulation: the templates in order, then again with a numbered id
 * (`fraud-detector-2`) and their own weights once there are more models than templates.
 * Everything is drawn from the seed, so one seed always gives the same catalog.
 */
export function buildModelCatalog(seed: number | string, count: number, templates: readonly ModelTemplate[] = MODEL_TEMPLATES): SimulatedModel[] {
  if (!Number.isInteger(count) || count < 1) throw new RangeError('the number of models must be a whole number of at least 1');
  const models: SimulatedModel[] = [];
  for (let i = 0; i < count; i++) {
    const template = templates[i % templates.length]!;
    const round = Math.floor(i / templates.length);
    const id = round === 0 ? template.id : `${template.id}-${round + 1}`;
    models.push(buildModel(seed, template, id, round === 0 ? template.version : bumpMinor(template.version, round)));
  }
  return models;
}

export function buildModel(seed: number | string, template: ModelTemplate, id: string, version = template.version): SimulatedModel {
  const rng = createRandom(seed, 'model', id);
  const rows = rowCount(template);
  const sample = calibrationSample(createRandom(seed, 'calibration', id), template.features);
  const target = template.task === 'regression' ? 1 : (template.signal ?? 2);

  const raw = drawWeights(rng, template, rows);
  const truth = calibrate(normalise(raw, sample, target), sample, template);
  const drifted = calibrate(normalise(concept(rng, truth, template, rows), sample, target), sample, template);
  const deployed = estimate(rng, truth, target);
  const trafficWeight = template.trafficWeight * Math.exp(rng.normal(0, 0.25));
  return { id, version, template, trafficWeight, truth, drifted, deployed };
}

function rowCount(template: ModelTemplate): number {
  if (template.task !== 'multiclass') return 1;
  const classes = template.classes?.length ?? 0;
  if (classes < 3) throw new RangeError(`model ${template.id}: a multi-class model needs at least 3 classes`);
  return classes;
}

function calibrationSample(rng: Random, specs: readonly FeatureSpec[]): EncodedInput[] {
  const out: EncodedInput[] = [];
  for (let i = 0; i < CALIBRATION_SAMPLES; i++) {
    const values: Record<string, FeatureValue> = {};
    for (const spec of specs) values[spec.name] = sampleFeature(spec, rng);
    out.push(encodeInput(specs, values));
  }
  return out;
}

function drawWeights(rng: Random, template: ModelTemplate, rows: number): LinearModel {
  const numeric: Record<string, number[]> = {};
  const categorical: Record<string, Record<string, number[]>> = {};
  for (const spec of template.features) {
    const hint = template.hints?.[spec.name];
    const draw = () => (hint !== undefined && rows === 1 ? hint * (1 + rng.normal(0, 0.15)) : rng.normal(0, 1));
    if (spec.type === 'numeric') {
      numeric[spec.name] = Array.from({ length: rows }, draw);
    } else {
      const shares = categoryShares(spec);
      const effects: Record<string, number[]> = {};
      for (const category of Object.keys(shares)) {
        effects[category] =
          spec.type === 'boolean' && hint !== undefined && rows === 1 ? [category === 'true' ? draw() : 0] : Array.from({ length: rows }, () => rng.normal(0, 0.9));
      }
      categorical[spec.name] = centre(effects, shares, rows);
    }
  }
  return { intercept: new Array<number>(rows).fill(0), numeric, categorical };
}

/** Shifts effects so their training-weighted mean is 0 in every row. */
function centre(effects: Record<string, number[]>, shares: Record<string, number>, rows: number): Record<string, number[]> {
  const mean = new Array<number>(rows).fill(0);
  for (const [category, e] of Object.entries(effects)) for (let r = 0; r < rows; r++) mean[r]! += (shares[category] ?? 0) * e[r]!;
  return Object.fromEntries(Object.entries(effects).map(([c, e]) => [c, e.map((x, r) => x - mean[r]!)]));
}

/** Scales each row so its score has standard deviation `target` on training data. */
function normalise(model: LinearModel, sample: readonly EncodedInput[], target: number): LinearModel {
  const rows = model.intercept.length;
  const sums = new Array<number>(rows).fill(0);
  const squares = new Array<number>(rows).fill(0);
  for (const input of sample) {
    const s = scoreRows(model, input);
    for (let r = 0; r < rows; r++) {
      sums[r]! += s[r]!;
      squares[r]! += s[r]! ** 2;
    }
  }
  const n = sample.length;
  const factors = sums.map((sum, r) => {
    const sd = Math.sqrt(Math.max(squares[r]! / n - (sum / n) ** 2, 1e-12));
    return target / sd;
  });
  return scaleWeights(model, factors);
}

/** Intercepts that give the template's label shares on training data. */
function calibrate(model: LinearModel, sample: readonly EncodedInput[], template: ModelTemplate): LinearModel {
  const scores = sample.map((input) => scoreRows(model, input));
  if (template.task === 'binary') {
    const rate = template.positiveRate ?? 0.5;
    let lo = -30;
    let hi = 30;
    for (let i = 0; i < 60; i++) {
      const mid = (lo + hi) / 2;
      let mean = 0;
      for (const s of scores) mean += sigmoid(mid + s[0]!);
      if (mean / scores.length < rate) lo = mid;
      else hi = mid;
    }
    return withIntercept(model, [(lo + hi) / 2]);
  }
  if (template.task === 'multiclass') {
    const priors = normalisedPriors(template);
    const intercept = priors.map((p) => Math.log(p));
    for (let round = 0; round < 12; round++) {
      const realised = new Array<number>(priors.length).fill(0);
      for (const s of scores) softmax(s.map((x, r) => x + intercept[r]!)).forEach((p, r) => (realised[r]! += p / scores.length));
      for (let r = 0; r < priors.length; r++) intercept[r]! += Math.log(priors[r]! / realised[r]!);
    }
    return withIntercept(model, intercept);
  }
  return model;
}

function normalisedPriors(template: ModelTemplate): number[] {
  const k = template.classes?.length ?? 0;
  const priors = template.classPriors && template.classPriors.length === k ? template.classPriors : new Array<number>(k).fill(1);
  const total = priors.reduce((a, b) => a + b, 0);
  return priors.map((p) => p / total);
}

/**
 * The label function after a concept drift. Binary and regression: the numeric weights
 * trade places and change sign and each categorical feature's effects move to other
 * categories, so what used to raise the label lowers it. Multi-class: each class takes the
 * next class's weights, so inputs that meant one class now mean another.
 */
function concept(rng: Random, truth: LinearModel, template: ModelTemplate, rows: number): LinearModel {
  if (rows > 1) {
    const rotate = (w: readonly number[]) => w.map((_, r) => w[(r + 1) % rows]!);
    return {
      intercept: truth.intercept,
      numeric: Object.fromEntries(Object.entries(truth.numeric).map(([k, w]) => [k, rotate(w)])),
      categorical: Object.fromEntries(
        Object.entries(truth.categorical).map(([k, effects]) => [k, Object.fromEntries(Object.entries(effects).map(([c, w]) => [c, rotate(w)]))]),
      ),
    };
  }
  const names = Object.keys(truth.numeric);
  const order = derange(rng, names.length);
  const numeric = Object.fromEntries(names.map((name, i) => [name, truth.numeric[names[order[i]!]!]!.map((w) => -w)]));
  const categorical: Record<string, Record<string, number[]>> = {};
  for (const spec of template.features) {
    if (spec.type === 'numeric') continue;
    const effects = truth.categorical[spec.name]!;
    const categories = Object.keys(effects);
    const moved = derange(rng, categories.length);
    const next = Object.fromEntries(categories.map((c, i) => [c, effects[categories[moved[i]!]!]!.map((w) => -w)]));
    categorical[spec.name] = centre(next, categoryShares(spec), 1);
  }
  return { intercept: truth.intercept, numeric, categorical };
}

/** A permutation that moves every index when it can (one item stays where it is). */
function derange(rng: Random, n: number): number[] {
  if (n < 2) return Array.from({ length: n }, (_, i) => i);
  const shift = rng.int(1, n);
  return Array.from({ length: n }, (_, i) => (i + shift) % n);
}

/** The truth as a model trained on finite data learns it: every weight a little off. */
function estimate(rng: Random, truth: LinearModel, signal: number): LinearModel {
  const off = (w: readonly number[]) => w.map((x) => x * (1 + rng.normal(0, 0.12)) + rng.normal(0, 0.04 * signal));
  return {
    intercept: truth.intercept.map((b) => b + rng.normal(0, 0.08)),
    numeric: Object.fromEntries(Object.entries(truth.numeric).map(([k, w]) => [k, off(w)])),
    categorical: Object.fromEntries(
      Object.entries(truth.categorical).map(([k, effects]) => [k, Object.fromEntries(Object.entries(effects).map(([c, w]) => [c, off(w)]))]),
    ),
  };
}

function bumpMinor(version: string, by: number): string {
  const parts = version.split('.');
  const minor = Number(parts[1]);
  if (parts.length < 2 || !Number.isInteger(minor)) return `${version}-${by + 1}`;
  return [parts[0], String(minor + by), ...parts.slice(2)].join('.');
}
