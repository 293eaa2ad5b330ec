/**
 * The stable metric names of the long-format `model_metrics` table, each with its unit and a
 * one-line description (monitoring/README.md has the rules). `feature` is '' for a model-level
 * metric; the per-feature, per-class and per-detector metrics say what their feature is.
 */
export const METRIC_DOCS = {
  // Volume
  event_count: ['count', 'Inputs the window counted: inference events + outcomes + rejected records.'],
  dlq_rate: ['ratio', 'Rejected records (DLQ) / (rejected + inference events); a rejected record counts when its model_id and model_version are valid ids.'],
  reference_conflicts: ['count', 'Inference events counted against another reference than the window\'s (left out of drift and quality); only when > 0.'],
  // Service health (health/summarize.ts)
  throughput: ['count', 'Inference events in the window.'],
  error_rate: ['ratio', 'Events with status error / events.'],
  latency_mean_ms: ['ms', 'Exact mean of the reported latencies.'],
  latency_p50_ms: ['ms', 'Median latency (DDSketch, 1% relative accuracy).'],
  latency_p95_ms: ['ms', '95th percentile latency (DDSketch).'],
  latency_p99_ms: ['ms', '99th percentile latency (DDSketch).'],
  // Data quality (health/summarize.ts), feature = feature name
  missing_rate: ['ratio', 'Events where the feature was null or absent / events.'],
  type_mismatch_rate: ['ratio', 'Values of the other kind (category for numeric, number for categorical) / values present.'],
  out_of_range_rate: ['ratio', 'Numeric: values outside the reference [min, max] / values checked.'],
  unseen_category_rate: ['ratio', 'Categorical: categories not in the reference / values checked (categories: texts are not checked).'],
  text_value_rate: ['ratio', 'Categorical and text features: texts (strings over 256 characters, counted, never kept as categories) / values present.'],
  new_feature: ['ratio', 'A feature not in the reference: events carrying it / events.'],
  // Feature drift, feature = feature name. A text feature is scored as a numeric one on the lengths
  // of its strings (characters), against the reference's lengths.
  drift_psi: ['score', 'Population stability index of the window bins against the reference bins (Evidently\'s empty-bin rule).'],
  drift_js_distance: ['score', 'Jensen-Shannon distance (base 2, 0..1) of the bin shares.'],
  drift_hellinger: ['score', 'Hellinger distance (0..1) of the bin shares.'],
  drift_l_infinity: ['score', 'Largest absolute difference of a bin share.'],
  drift_chi_square_p_value: ['p-value', 'Categorical: chi-square homogeneity test of the bin counts (raw p-value).'],
  drift_ks_statistic: ['score', 'Numeric: two-sample Kolmogorov-Smirnov D of the window sample against the reference sample.'],
  drift_ks_p_value: ['p-value', 'Numeric: KS two-sided p-value (raw).'],
  drift_wasserstein_normed: ['score', 'Numeric: Wasserstein distance / max(reference std, 0.001) of the samples.'],
  text_length_median: ['characters', 'Text: median length of the window\'s strings (of its sample of up to sampleCapacity values, exact below that).'],
  drift: ['score or p-value', 'The decision: the deciding statistic (distance) or BH-adjusted p-value (test), its threshold, status alert/ok.'],
  // Prediction drift, feature ''
  prediction_drift_psi: ['score', 'PSI of the prediction.'],
  prediction_drift_js_distance: ['score', 'Jensen-Shannon distance of the prediction.'],
  prediction_drift_hellinger: ['score', 'Hellinger distance of the prediction.'],
  prediction_drift_l_infinity: ['score', 'L-infinity distance of the prediction.'],
  prediction_drift_chi_square_p_value: ['p-value', 'Class prediction: chi-square p-value.'],
  prediction_drift_ks_statistic: ['score', 'Numeric prediction: KS D.'],
  prediction_drift_ks_p_value: ['p-value', 'Numeric prediction: KS p-value.'],
  prediction_drift_wasserstein_normed: ['score', 'Numeric prediction: normed Wasserstein distance.'],
  prediction_drift: ['score or p-value', 'Prediction drift decision (a family of one test: p-value against fdr).'],
  // Label drift (prior shift), feature ''
  label_drift_psi: ['score', 'PSI of the label.'],
  label_drift_js_distance: ['score', 'Jensen-Shannon distance of the label.'],
  label_drift_hellinger: ['score', 'Hellinger distance of the label.'],
  label_drift_l_infinity: ['score', 'L-infinity distance of the label.'],
  label_drift_chi_square_p_value: ['p-value', 'Class label: chi-square p-value.'],
  label_drift_ks_statistic: ['score', 'Numeric label: KS D.'],
  label_drift_ks_p_value: ['p-value', 'Numeric label: KS p-value.'],
  label_drift_wasserstein_normed: ['score', 'Numeric label: normed Wasserstein distance.'],
  label_drift: ['score or p-value', 'Label drift decision (a family of one test: p-value against fdr).'],
  // Classification performance, from outcomes
  accuracy: ['ratio', 'Outcomes whose predicted class equals the label / outcomes.'],
  precision: ['ratio', 'Macro precision over the classes seen (0 where undefined, as sklearn).'],
  recall: ['ratio', 'Macro recall.'],
  f1: ['ratio', 'Macro F1.'],
  class_precision: ['ratio', 'Precision of one class; feature = class.'],
  class_recall: ['ratio', 'Recall of one class; feature = class.'],
  class_f1: ['ratio', 'F1 of one class; feature = class.'],
  roc_auc: ['ratio', 'ROC AUC (binary, or one-vs-rest macro); only with scores.'],
  log_loss: ['nats', 'Mean log loss (probabilities clipped at 2^-52); only with scores.'],
  calibration_error: ['ratio', 'Binary: expected calibration error over 10 equal-width score bins.'],
  confusion_count: ['count', 'Outcomes with this actual and predicted class; feature = `actual|predicted`; non-zero cells only.'],
  // Regression performance, from outcomes
  mae: ['label unit', 'Mean absolute error.'],
  rmse: ['label unit', 'Root mean squared error.'],
  mape: ['ratio', 'Mean absolute percentage error (a fraction; zero labels use the 2^-52 floor, as sklearn).'],
  r2: ['ratio', 'Coefficient of determination (null below 2 outcomes).'],
  // Estimated performance (CBPE, binary, no labels needed), feature ''
  estimated_accuracy: ['ratio', 'CBPE estimate of accuracy from calibrated scores.'],
  estimated_precision: ['ratio', 'CBPE estimate of precision.'],
  estimated_recall: ['ratio', 'CBPE estimate of recall.'],
  estimated_f1: ['ratio', 'CBPE estimate of F1.'],
  estimated_roc_auc: ['ratio', 'CBPE estimate of ROC AUC (NannyML\'s).'],
  // Performance change against the reference
  performance_change: ['ratio or label unit', 'Window minus reference: accuracy (classification) or MAE (regression); threshold = alpha, alert when the test\'s p < alpha.'],
  performance_change_p_value: ['p-value', 'Two-proportion z-test (accuracy) or z-test on the absolute errors (MAE), two-sided.'],
  // Labels
  label_coverage: ['ratio', 'Outcomes / inference events, capped at 1.'],
  labelled_count: ['count', 'Outcomes (predictions joined with a label) in the window.'],
  label_delay_p50_ms: ['ms', 'Median delay from prediction to label (DDSketch; negative delays count as 0).'],
  label_delay_p95_ms: ['ms', '95th percentile label delay.'],
  // Concept drift, feature = detector type
  concept_drift: ['count', 'Detections of a change detector on the outcomes\' errors in the window (depends on arrival order).'],
  // Feature importance
  importance: ['attribution unit', 'Mean |attribution| of the feature over the events that carried it; feature = name.'],
  importance_spearman: ['ratio', 'Spearman correlation of window and reference importances (-1..1).'],
  importance_ndcg: ['ratio', 'NDCG of the window ranking with the reference importances as relevance (0..1).'],
  root_cause_score: ['score', 'Drifted features: PSI × importance share (reference importance, else the window\'s); feature = name.'],
} as const satisfies Readonly<Record<string, readonly [unit: string, doc: string]>>;

/** A metric name of the model_metrics table. */
export type MonitoringMetricName = keyof typeof METRIC_DOCS;

/** Every metric name, in the order of METRIC_DOCS. */
export const METRIC_NAMES = Object.keys(METRIC_DOCS) as readonly MonitoringMetricName[];
