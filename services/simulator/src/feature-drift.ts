/**
 * How a feature's distribution differs from training at one moment. `intensity` (0 to 1)
 * scales the change, so a drift can ramp in.
 */
export interface FeatureDrift {
  /** Added to the standardised value: in standard deviations of the training distribution. */
  readonly shift: number;
  /** Multiplies the spread around the centre (1 leaves it). */
  readonly scale: number;
  /** Category weights merged over the training shares (which sum to 1); 0 removes a category. */
  readonly categories?: Readonly<Record<string, number>>;
  /** Share of true for a boolean feature. */
  readonly trueRate?: number;
  /** Share of nulls instead of the feature's own. */
  readonly nullRate?: number;
  readonly intensity: number;
}

/** Two drifts on one feature at once: shifts add, scales multiply, the later mix wins. */
export function combineDrifts(a: FeatureDrift, b: FeatureDrift): FeatureDrift {
  const shift = a.shift * a.intensity + b.shift * b.intensity;
  const scale = (1 + (a.scale - 1) * a.intensity) * (1 + (b.scale - 1) * b.intensity);
  const categories = b.categories ?? a.categories;
  const trueRate = b.trueRate ?? a.trueRate;
  const nullRate = b.nullRate ?? a.nullRate;
  return {
    shift,
    scale,
    intensity: 1,
    ...(categories ? { categories } : {}),
    ...(trueRate !== undefined ? { trueRate } : {}),
    ...(nullRate !== undefined ? { nullRate } : {}),
  };
}
