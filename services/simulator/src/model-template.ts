import type { FeatureSpec, SegmentSpec } from './feature-spec.ts';

export type ModelTask = 'binary' | 'multiclass' | 'regression';

/** The target of a regression model: where its labels lie and how noisy they are. */
export interface RegressionTarget {
  readonly mean: number;
  readonly sd: number;
  /** Share of the label's variance that no feature explains (0 to 1). */
  readonly noise: number;
  readonly min?: number;
  readonly decimals?: number;
}

/**
 * The shape of one simulated model: what it predicts from which inputs, how busy and how
 * fast it is. The catalog turns a template into a model with its own seeded weights.
 */
export interface ModelTemplate {
  readonly id: string;
  readonly description: string;
  readonly task: ModelTask;
  readonly version: string;
  readonly features: readonly FeatureSpec[];
  readonly segments: readonly SegmentSpec[];
  /** Classification: the class names (or numbers). Binary: [negative, positive]. */
  readonly classes?: readonly (string | number)[];
  /** Binary: share of labels that are the positive class. */
  readonly positiveRate?: number;
  /** Multiclass: relative class frequencies, one per class. */
  readonly classPriors?: readonly number[];
  readonly target?: RegressionTarget;
  /** Standard deviation of the true score (logits for classification): how learnable labels are. */
  readonly signal?: number;
  /** Direction and rough size of a feature's effect (boolean: of true); the rest are drawn. */
  readonly hints?: Readonly<Record<string, number>>;
  /** Whether its events carry per-feature attributions (linear SHAP). */
  readonly attributions: boolean;
  readonly latency: { readonly medianMs: number; readonly sigma: number };
  /** Share of requests that fail (status "error") on a normal day. */
  readonly errorRate: number;
  /** Relative share of the overall traffic. */
  readonly trafficWeight: number;
}
