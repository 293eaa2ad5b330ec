export { fitReferenceProfile, referenceIdOf, type FitReferenceInput, type FitReferenceOptions } from './fit-reference-profile.ts';
export { parseReferenceProfile } from './parse-reference-profile.ts';
export { ReferenceProfileError } from './reference-profile-error.ts';
export { referenceRowFromInference, withLabel, type RowLabel } from './reference-rows.ts';
export type { FeatureReference, ReferenceEstimation, ReferencePerformance, ReferenceProfile, ReferenceRow } from './reference-profile.ts';
export { inputTimeMs, type OutcomeRecord, type WindowInput } from './window-input.ts';
export type { MetricStatus, MetricValue } from './metric-value.ts';
export { DEFAULT_MONITORING_OPTIONS, type CategoricalDriftMethod, type MonitoringOptions, type NumericDriftMethod } from './monitoring-options.ts';
