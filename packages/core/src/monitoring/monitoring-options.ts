/** Statistics that can decide whether a feature drifted (config and evaluation read these lists). */
export const NUMERIC_DRIFT_METHODS = ['ks', 'psi', 'wasserstein', 'jensen_shannon', 'hellinger'] as const;
export const CATEGORICAL_DRIFT_METHODS = ['chi_square', 'psi', 'jensen_shannon', 'hellinger', 'l_infinity'] as const;
export type NumericDriftMethod = (typeof NUMERIC_DRIFT_METHODS)[number];
export type CategoricalDriftMethod = (typeof CATEGORICAL_DRIFT_METHODS)[number];

/** How a model's windows are scored. Defaults: DEFAULT_MONITORING_OPTIONS; a model may override any. */
export interface MonitoringOptions {
  readonly drift: {
    /** The statistic that decides drift for numeric features (and a numeric prediction or label). */
    readonly numericMethod: NumericDriftMethod;
    /** The statistic that decides drift for categorical features (and a class prediction or label). */
    readonly categoricalMethod: CategoricalDriftMethod;
    /** Tests (KS, chi-square): false-discovery rate across a model's features (Benjamini-Hochberg). */
    readonly fdr: number;
    /** Distances (PSI, JS, ...): the threshold is this quantile of the statistic on reference resamples of the window's size. */
    readonly nullQuantile: number;
    /** Resamples drawn for a null threshold. */
    readonly nullResamples: number;
    /** A window with fewer values than this gets `insufficient_data`; 0 means Cochran's rule on the reference bins. */
    readonly minSampleSize: number;
  };
  /** Raw values kept per numeric feature and window for KS and Wasserstein (a deterministic bottom-k sample). */
  readonly sampleCapacity: number;
  /** Significance of the performance change between a window and the reference. */
  readonly performanceAlpha: number;
  /** Windows with fewer labelled outcomes get `insufficient_data` for performance. */
  readonly minLabelledOutcomes: number;
}

export const DEFAULT_MONITORING_OPTIONS: MonitoringOptions = {
  drift: {
    numericMethod: 'ks',
    categoricalMethod: 'chi_square',
    fdr: 0.05,
    nullQuantile: 0.99,
    nullResamples: 200,
    minSampleSize: 0,
  },
  sampleCapacity: 500,
  performanceAlpha: 0.01,
  minLabelledOutcomes: 30,
};
