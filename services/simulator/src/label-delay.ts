import type { Random } from './random.ts';

/** How long after a prediction its ground truth arrives. */
export type DelayDistribution =
  | { readonly kind: 'lognormal'; readonly medianMs: number; readonly sigma: number }
  | { readonly kind: 'exponential'; readonly meanMs: number }
  | { readonly kind: 'uniform'; readonly minMs: number; readonly maxMs: number }
  | { readonly kind: 'fixed'; readonly ms: number };

export interface LabelOptions {
  readonly delay: DelayDistribution;
  /** Share of predictions whose ground truth never arrives (0 to 1). */
  readonly neverFraction: number;
}

/** A minute's median with a long tail (sigma 1: a tenth arrive after 3.6 minutes), a tenth never. */
export const DEFAULT_LABEL_OPTIONS: LabelOptions = {
  delay: { kind: 'lognormal', medianMs: 60_000, sigma: 1 },
  neverFraction: 0.1,
};

export function drawDelay(delay: DelayDistribution, rng: Random): number {
  switch (delay.kind) {
    case 'lognormal':
      return rng.lognormal(delay.medianMs, delay.sigma);
    case 'exponential':
      return rng.exponential(delay.meanMs);
    case 'uniform':
      return rng.uniform(delay.minMs, delay.maxMs);
    case 'fixed':
      return delay.ms;
  }
}

export function describeDelay(delay: DelayDistribution, format: (ms: number) => string): string {
  switch (delay.kind) {
    case 'lognormal':
      return `lognormal, median ${format(delay.medianMs)}, sigma ${delay.sigma}`;
    case 'exponential':
      return `exponential, mean ${format(delay.meanMs)}`;
    case 'uniform':
      return `uniform ${format(delay.minMs)} to ${format(delay.maxMs)}`;
    case 'fixed':
      return `fixed ${format(delay.ms)}`;
  }
}
