import type { Rule } from './rule.ts';
import { parseRules } from './rule-parser.ts';

/**
 * The rules modelwatch runs with no configuration, tuned for 1-minute windows. Written in the
 * rules-file form and parsed, so they are checked like any user's rules. README.md explains each.
 */
const DATA = {
  rules: [
    {
      id: 'data-drift',
      description: "A feature's distribution moved away from the model version's reference.",
      select: { metric: 'drift' },
      condition: { status: 'alert' },
      for: 2,
      resolve: { for: 2 },
      severity: 'warning',
      annotations: { summary: '{{feature}} of {{model_id}} {{model_version}} drifted: {{value}} (threshold {{threshold}})' },
    },
    {
      id: 'prediction-drift',
      description: "The distribution of the model's predictions moved away from the reference.",
      select: { metric: 'prediction_drift' },
      condition: { status: 'alert' },
      for: 2,
      resolve: { for: 2 },
      severity: 'warning',
      annotations: { summary: 'predictions of {{model_id}} {{model_version}} drifted: {{value}} (threshold {{threshold}})' },
    },
    {
      id: 'performance-change',
      description: 'Accuracy (classification) or MAE (regression) on labelled outcomes differs significantly from the reference.',
      select: { metric: 'performance_change' },
      condition: { status: 'alert' },
      for: 2,
      resolve: { for: 2 },
      severity: 'warning',
      annotations: { summary: 'performance of {{model_id}} {{model_version}} changed by {{value}} against the reference (significant at p < {{threshold}})' },
    },
    {
      id: 'concept-drift',
      description: 'A change detector found a change in the error stream of labelled outcomes.',
      select: { metric: 'concept_drift' },
      condition: { above: 0 },
      resolve: { for: 10 },
      severity: 'warning',
      annotations: { summary: '{{feature}} detected concept drift in {{model_id}} {{model_version}} ({{value}} detections in the window)' },
    },
    {
      id: 'latency-regression',
      description: 'p99 latency doubled against the mean of the previous 30 windows.',
      select: { metric: 'latency_p99_ms' },
      condition: { change: { baseline_windows: 30, relative: true, above: 1.0 } },
      for: 3,
      min_sample_size: 100,
      resolve: { change: { baseline_windows: 30, relative: true, below: 0.5 }, for: 3 },
      severity: 'warning',
      annotations: { summary: 'p99 latency of {{model_id}} {{model_version}} is {{value}} ms (threshold {{threshold}} ms, twice its recent mean)' },
    },
    {
      id: 'error-rate',
      description: 'More than 5% of inference events report status error.',
      select: { metric: 'error_rate' },
      condition: { above: 0.05 },
      for: 2,
      min_sample_size: 20,
      resolve: { below: 0.02, for: 2 },
      severity: 'critical',
      annotations: { summary: '{{model_id}} {{model_version}} error rate is {{value}} (threshold {{threshold}})' },
    },
    { id: 'no-data', kind: 'no_data', description: 'A model that sent events has been silent for 10 minutes.', after: '10m', severity: 'critical' },
    {
      id: 'labels-overdue',
      kind: 'labels_overdue',
      description: 'A labelled model has a prediction that labels have not reached after two days.',
      after: '2d',
      severity: 'warning',
    },
  ],
};

function load(): readonly Rule[] {
  const parsed = parseRules(DATA);
  if (!parsed.ok) throw new Error(`default alert rules are invalid:\n${parsed.problems.join('\n')}`);
  return parsed.rules;
}

export const DEFAULT_RULES: readonly Rule[] = load();
