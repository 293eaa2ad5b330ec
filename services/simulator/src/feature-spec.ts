/** The distribution of a numeric feature as the model saw it in training. */
export type NumericDistribution =
  | { readonly kind: 'normal'; readonly mean: number; readonly sd: number }
  /** Skewed positive amounts: incomes, prices, distances. */
  | { readonly kind: 'lognormal'; readonly median: number; readonly sigma: number }
  | { readonly kind: 'uniform'; readonly min: number; readonly max: number }
  /** Counts: transactions in a day, items in a basket. */
  | { readonly kind: 'poisson'; readonly lambda: number };

interface FeatureBase {
  readonly name: string;
  /** Share of events where the value is null (missing). */
  readonly nullRate?: number;
}

export interface NumericFeature extends FeatureBase {
  readonly type: 'numeric';
  readonly distribution: NumericDistribution;
  readonly min?: number;
  readonly max?: number;
  /** Decimal places kept; 0 gives whole numbers. */
  readonly decimals?: number;
}

export interface CategoricalFeature extends FeatureBase {
  readonly type: 'categorical';
  /** Category to weight (need not sum to 1). */
  readonly categories: Readonly<Record<string, number>>;
}

export interface BooleanFeature extends FeatureBase {
  readonly type: 'boolean';
  readonly trueRate: number;
}

export type FeatureSpec = NumericFeature | CategoricalFeature | BooleanFeature;

/** A segment sent with each event (country, channel): a category with weights. */
export interface SegmentSpec {
  readonly name: string;
  readonly values: Readonly<Record<string, number>>;
}

/** The categories a categorical or boolean feature takes, with their training shares summing to 1. */
export function categoryShares(feature: CategoricalFeature | BooleanFeature): Record<string, number> {
  if (feature.type === 'boolean') return { true: feature.trueRate, false: 1 - feature.trueRate };
  const total = Object.values(feature.categories).reduce((a, b) => a + b, 0);
  return Object.fromEntries(Object.entries(feature.categories).map(([k, w]) => [k, w / total]));
}
