import type { Labels } from '../alert.ts';
import type { MetricRule, ScheduledRule } from './rule.ts';

/** The series a metric alert is about, as its labels name it. */
export interface MetricSeries {
  readonly modelId: string;
  readonly modelVersion: string;
  readonly metric: string;
  /** '' for model-level metrics. */
  readonly feature: string;
  /** `name=value`; '' for the unsegmented series. */
  readonly segment: string;
}

export function segmentOf(segmentName: string, segmentValue: string): string {
  return segmentName === '' ? '' : `${segmentName}=${segmentValue}`;
}

/** alertname, severity, model_id, model_version, metric, feature and segment (both omitted when ''), then the rule's labels. */
export function metricAlertLabels(rule: MetricRule, series: MetricSeries): Labels {
  const labels: Record<string, string> = {
    alertname: rule.id,
    severity: rule.severity,
    model_id: series.modelId,
    model_version: series.modelVersion,
    metric: series.metric,
  };
  if (series.feature !== '') labels.feature = series.feature;
  if (series.segment !== '') labels.segment = series.segment;
  return { ...labels, ...rule.labels };
}

/** The series named by a metric alert's labels (to rebuild an instance after a restart). */
export function seriesFromLabels(labels: Labels): MetricSeries {
  return {
    modelId: labels.model_id ?? '',
    modelVersion: labels.model_version ?? '',
    metric: labels.metric ?? '',
    feature: labels.feature ?? '',
    segment: labels.segment ?? '',
  };
}

/** Scheduled checks are about a whole model: alertname, severity, model_id and the rule's labels. */
export function scheduledAlertLabels(rule: ScheduledRule, modelId: string): Labels {
  return { alertname: rule.id, severity: rule.severity, model_id: modelId, ...rule.labels };
}
