export type { MetricRule, NoDataRule, LabelsOverdueRule, Rule, RuleKind, RuleSelect, Condition, ValueCondition, FlapSettings, ScheduledRule } from './rule.ts';
export { DEFAULT_FLAP, RESERVED_LABELS } from './rule.ts';
export { parseRules, validateRule, ruleToData, type RuleData, type RulesParse, type RuleValidation } from './rule-parser.ts';
export { DEFAULT_RULES } from './default-rules.ts';
export { parseMetricEvent, type MetricEvent, type MetricEventRow } from './metric-event.ts';
export type { ModelActivity } from './model-activity.ts';
export { alertFingerprint } from './fingerprint.ts';
export { RuleEngine } from './rule-engine.ts';
