import type { BinProfile } from '../drift/bin-profile.ts';
import type { IsotonicModelJSON } from '../estimation/isotonic-regression.ts';

/**
 * One row of a reference dataset (an uploaded file, or a model version's first hours of traffic
 * read back from the warehouse). Features are split by type as inference events store them.
 */
export interface ReferenceRow {
  readonly numeric: Readonly<Record<string, number | null>>;
  /** Strings of any length: one longer than MAX_CATEGORY_LENGTH characters is a text (text-value.ts). */
  readonly categorical: Readonly<Record<string, string | null>>;
  /**
   * Texts given by their length alone (characters, as textLength counts them; each over
   * MAX_CATEGORY_LENGTH), by feature: for a reader that need not hold the texts themselves (the
   * metrics service reads lengths from the warehouse). The same as the text in `categorical`.
   */
  readonly textLengths?: Readonly<Record<string, number>>;
  readonly predictionValue?: number | null;
  readonly predictionLabel?: string | null;
  readonly scores?: Readonly<Record<string, number>>;
  readonly labelValue?: number | null;
  readonly labelClass?: string | null;
  readonly attributions?: Readonly<Record<string, number>>;
}

/** What a window of one feature (or of the prediction, or of the label) is compared with. */
export interface FeatureReference {
  /**
   * A text feature (the reference had a string longer than MAX_CATEGORY_LENGTH characters in it):
   * its string values are counted by their length, so `profile` (numeric), `sample` and `std` are
   * of the lengths in characters, and data quality counts the share of texts. Absent otherwise.
   */
  readonly text?: true;
  /** Bins fixed on the reference: every window is counted into these. */
  readonly profile: BinProfile;
  /** Numeric only: up to `sampleCapacity` reference values, ascending, for KS and Wasserstein. */
  readonly sample?: readonly number[];
  /** Numeric only: the reference's population standard deviation (Wasserstein's normaliser). */
  readonly std?: number;
}

/** The performance the model had on a labelled reference, the baseline of "performance change". */
export interface ReferencePerformance {
  readonly rows: number;
  /** Classification: share of rows whose predicted class equals the label. */
  readonly accuracy?: number;
  /** Regression: mean absolute error and mean squared error. */
  readonly mae?: number;
  readonly mse?: number;
}

/** Confidence-based performance estimation (CBPE) for a binary classifier. */
export interface ReferenceEstimation {
  /** The class whose score is the positive probability (a key of the events' `scores`). */
  readonly positiveClass: string;
  /** Isotonic calibration fitted on the labelled reference; null when the scores are calibrated. */
  readonly calibrator: IsotonicModelJSON | null;
}

/**
 * The reference profile of one model version: plain JSON, stored in `reference_profiles`.
 * Every window of that version is counted into these bins, so scores are comparable across windows.
 */
export interface ReferenceProfile {
  readonly version: 1;
  readonly modelId: string;
  readonly modelVersion: string;
  /** A hash of the content: a window remembers the reference it was counted against. */
  readonly referenceId: string;
  /** An uploaded dataset, a version's first traffic, or its traffic of the previous period (rolling). */
  readonly source: 'dataset' | 'window' | 'rolling';
  /** Traffic references: the event-time period the rows came from, `[fromMs, toMs)`. */
  readonly period?: { readonly fromMs: number; readonly toMs: number };
  /** Rows the profile was fitted on. */
  readonly rows: number;
  readonly createdAtMs: number;
  readonly task: 'classification' | 'regression' | 'unknown';
  readonly features: Readonly<Record<string, FeatureReference>>;
  /** The prediction's distribution: numeric (value) or categorical (label), for prediction drift. */
  readonly prediction?: FeatureReference;
  /** The label's distribution, for label drift (prior shift), when the reference has labels. */
  readonly label?: FeatureReference;
  /** Feature importance on the reference: mean |attribution|, or mutual information with the label. */
  readonly importance?: Readonly<Record<string, number>>;
  readonly importanceSource?: 'attributions' | 'mutual_information';
  readonly performance?: ReferencePerformance;
  readonly estimation?: ReferenceEstimation;
}
