import { readGoldenAt } from '../golden-assertions.ts';

export interface SketchGoldenWindow {
  readonly name: string;
  readonly size: number;
  /** 'none', 'near' (close to the KS threshold for its size) or 'clear'. */
  readonly drift: 'none' | 'near' | 'clear';
  readonly parameter: number;
  readonly values: number[];
  readonly expected: {
    /** scipy.stats.ks_2samp(reference, values): method 'auto' (exact here) and 'asymp'. */
    readonly ks: { readonly statistic: number; readonly pValue: number; readonly pValueAsymp: number };
    /** scipy.stats.wasserstein_distance(reference, values), and divided by max(np.std(reference), 0.001). */
    readonly wasserstein: number;
    readonly normedWasserstein: number;
  };
}

export interface SketchGoldenFamily {
  readonly name: string;
  readonly reference: number[];
  readonly referenceStd: number;
  readonly windows: SketchGoldenWindow[];
}

/** The streams written by scripts/golden/sketch/make_sketch_fixtures.py (SciPy on the raw values). */
export function sketchGoldenFamilies(): SketchGoldenFamily[] {
  return readGoldenAt<{ families: SketchGoldenFamily[] }>(new URL('streams.json', import.meta.url)).families;
}
