import { categoryShares, type CategoricalFeature, type FeatureSpec, type NumericDistribution, type NumericFeature } from './feature-spec.ts';
import type { FeatureDrift } from './feature-drift.ts';
import type { Random } from './random.ts';

export type FeatureValue = number | string | boolean | null;

/**
 * Draws one value of a feature. Numeric values are made from a standard normal (or the
 * distribution's own noise) that the drift shifts and scales before it is mapped back, so a
 * shift of 1 moves any distribution by one of its standard deviations.
 */
export function sampleFeature(spec: FeatureSpec, rng: Random, drift?: FeatureDrift): FeatureValue {
  const intensity = drift?.intensity ?? 0;
  const baseNull = spec.nullRate ?? 0;
  const nullRate = drift?.nullRate !== undefined ? baseNull + (drift.nullRate - baseNull) * intensity : baseNull;
  // The null draw happens for every feature so the draws after it do not depend on the rate.
  const isNull = rng.next() < nullRate;
  let value: FeatureValue;
  switch (spec.type) {
    case 'numeric': {
      const shift = (drift?.shift ?? 0) * intensity;
      const scale = 1 + ((drift?.scale ?? 1) - 1) * intensity;
      value = finish(spec, drawNumeric(spec.distribution, rng, shift, scale));
      break;
    }
    case 'boolean': {
      const u = rng.next();
      const drifted = drift?.trueRate !== undefined && rng.next() < intensity;
      value = u < (drifted ? drift.trueRate! : spec.trueRate);
      break;
    }
    case 'categorical': {
      const useDrift = drift?.categories !== undefined && rng.next() < intensity;
      const table = useDrift ? driftedTable(spec, drift.categories!) : trainingTable(spec);
      value = table.names[rng.weightedIndex(table.weights)]!;
      break;
    }
  }
  return isNull ? null : value;
}

interface CategoryTable {
  readonly names: readonly string[];
  readonly weights: readonly number[];
}

const trainingTables = new WeakMap<CategoricalFeature, CategoryTable>();
const driftedTables = new WeakMap<Readonly<Record<string, number>>, WeakMap<CategoricalFeature, CategoryTable>>();

function trainingTable(spec: CategoricalFeature): CategoryTable {
  let table = trainingTables.get(spec);
  if (!table) {
    table = toTable(spec.categories);
    trainingTables.set(spec, table);
  }
  return table;
}

/** The training shares with the drift's weights merged over them. */
function driftedTable(spec: CategoricalFeature, categories: Readonly<Record<string, number>>): CategoryTable {
  let bySpec = driftedTables.get(categories);
  if (!bySpec) {
    bySpec = new WeakMap();
    driftedTables.set(categories, bySpec);
  }
  let table = bySpec.get(spec);
  if (!table) {
    table = toTable({ ...categoryShares(spec), ...categories });
    bySpec.set(spec, table);
  }
  return table;
}

function toTable(weights: Readonly<Record<string, number>>): CategoryTable {
  const entries = Object.entries(weights).filter(([, w]) => w > 0);
  return { names: entries.map(([k]) => k), weights: entries.map(([, w]) => w) };
}

function drawNumeric(d: NumericDistribution, rng: Random, shift: number, scale: number): number {
  switch (d.kind) {
    case 'normal':
      return d.mean + d.sd * (scale * rng.normal() + shift);
    case 'lognormal':
      return d.median * Math.exp(d.sigma * (scale * rng.normal() + shift));
    case 'uniform': {
      const centre = (d.min + d.max) / 2;
      return centre + scale * (rng.next() - 0.5) * (d.max - d.min) + shift * uniformSd(d);
    }
    case 'poisson': {
      const k = rng.poisson(d.lambda);
      return d.lambda + scale * (k - d.lambda) + shift * Math.sqrt(d.lambda);
    }
  }
}

function finish(spec: NumericFeature, raw: number): number {
  let v = raw;
  if (spec.distribution.kind === 'poisson') v = Math.max(0, Math.round(v));
  if (spec.min !== undefined) v = Math.max(spec.min, v);
  if (spec.max !== undefined) v = Math.min(spec.max, v);
  if (spec.decimals !== undefined) {
    const f = 10 ** spec.decimals;
    v = Math.round(v * f) / f;
  }
  return v === 0 ? 0 : v; // no -0 in JSON
}

function uniformSd(d: { min: number; max: number }): number {
  return (d.max - d.min) / Math.sqrt(12);
}

/**
 * The inverse of the training distribution: a value in standard deviations from the centre,
 * as the model's input. Clamped to +-5 so an extreme drifted value cannot blow up a score.
 */
export function standardize(d: NumericDistribution, x: number): number {
  let z: number;
  switch (d.kind) {
    case 'normal':
      z = (x - d.mean) / d.sd;
      break;
    case 'lognormal':
      z = Math.log(Math.max(x, d.median * 1e-6) / d.median) / d.sigma;
      break;
    case 'uniform':
      z = (x - (d.min + d.max) / 2) / uniformSd(d);
      break;
    case 'poisson':
      z = (x - d.lambda) / Math.sqrt(d.lambda);
      break;
  }
  return Math.max(-5, Math.min(5, z));
}
