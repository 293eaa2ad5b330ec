import type { Severity } from '../alert.ts';

/**
 * Alert rules as data. These are the parsed, defaults-filled forms; rule-parser.ts turns the
 * YAML/JSON shape (snake_case, durations as `10m`) into them and back (`ruleToData`).
 */
export type Rule = MetricRule | NoDataRule | LabelsOverdueRule;

export type RuleKind = Rule['kind'];

/** Which metric rows a rule looks at; every field is a glob (`*`, `?`). */
export interface RuleSelect {
  readonly metric: string;
  readonly model: string;
  readonly version: string;
  readonly feature: string;
  /** Matches `name=value`, or '' for the unsegmented series. */
  readonly segment: string;
}

/** A test on one row's value. `change` compares with the mean of the series' previous windows. */
export type ValueCondition =
  | { readonly kind: 'above'; readonly value: number }
  | { readonly kind: 'below'; readonly value: number }
  | { readonly kind: 'outside'; readonly low: number; readonly high: number }
  | {
      readonly kind: 'change';
      readonly baselineWindows: number;
      /** true: (value − mean) / |mean|; false: value − mean. */
      readonly relative: boolean;
      readonly direction: 'above' | 'below';
      readonly by: number;
    };

/** `status`: the metrics engine's own verdict (status alert) with the row's threshold. */
export type Condition = { readonly kind: 'status' } | ValueCondition;

export interface FlapSettings {
  /** Changes between firing and resolved within `windowMs` that make an instance flapping. */
  readonly maxChanges: number;
  readonly windowMs: number;
  /** A flapping instance resolves only when its resolve condition has held this long. */
  readonly quietMs: number;
}

interface RuleBase {
  readonly id: string;
  readonly description: string;
  readonly severity: Severity;
  /** Added to every alert of the rule; never one of the reserved labels. */
  readonly labels: Readonly<Record<string, string>>;
  /** Templates with `{{name}}` placeholders (template.ts lists the names). */
  readonly annotations: Readonly<Record<string, string>>;
}

export interface MetricRule extends RuleBase {
  readonly kind: 'metric';
  readonly select: RuleSelect;
  readonly condition: Condition;
  /** Consecutive counted windows the condition must hold before firing; pending meanwhile. */
  readonly for: number;
  /** Rows with a smaller sample_size do not count either way. */
  readonly minSampleSize: number;
  /** null: the condition being false resolves. */
  readonly resolve: { readonly condition: ValueCondition | null; readonly for: number };
  /** null: no flap damping. */
  readonly flap: FlapSettings | null;
}

/** A model that sent events before and has been silent for `afterMs` (checked on a schedule). */
export interface NoDataRule extends RuleBase {
  readonly kind: 'no_data';
  /** Glob over model ids. */
  readonly model: string;
  readonly afterMs: number;
}

/** A labelled model whose labels stopped arriving: see ModelActivity for the exact test. */
export interface LabelsOverdueRule extends RuleBase {
  readonly kind: 'labels_overdue';
  readonly model: string;
  readonly afterMs: number;
}

export type ScheduledRule = NoDataRule | LabelsOverdueRule;

export const DEFAULT_FLAP: FlapSettings = { maxChanges: 4, windowMs: 30 * 60_000, quietMs: 30 * 60_000 };

/** Labels the engine sets itself; a rule's `labels` may not override them. */
export const RESERVED_LABELS: readonly string[] = ['alertname', 'severity', 'model_id', 'model_version', 'metric', 'feature', 'segment'];
