/** Alert contracts shared by the rules engine, routing and every channel. */

export type Severity = 'info' | 'warning' | 'critical';
export const SEVERITIES: readonly Severity[] = ['info', 'warning', 'critical'];

export type AlertState = 'pending' | 'firing' | 'resolved';

/** Label sets: routing, grouping, silences and inhibition all match on these. */
export type Labels = Readonly<Record<string, string>>;

/**
 * One alert instance: a rule applied to one series (model, version, segment, feature, metric).
 * Its labels always hold `alertname` (the rule id) and `severity`, and for model alerts
 * `model_id`; the rest depend on the rule (`model_version`, `feature`, `metric`, `segment`).
 */
export interface Alert {
  /** Hex hash of the rule id and the labels; stable across restarts and processes. */
  readonly fingerprint: string;
  readonly ruleId: string;
  readonly state: AlertState;
  readonly severity: Severity;
  readonly labels: Labels;
  /** `summary`, `description`, `runbook_url` and any other text the rule sets. */
  readonly annotations: Labels;
  /** The metric value that decided the last evaluation (null for no-data alerts). */
  readonly value: number | null;
  readonly threshold: number | null;
  readonly windowStart: number | null;
  readonly windowEnd: number | null;
  /** When it started firing (or became pending), epoch ms. */
  readonly startsAt: number;
  /** When it resolved; null while active. */
  readonly endsAt: number | null;
  /** When this state was decided, epoch ms. */
  readonly updatedAt: number;
}

/** Alert as it appears on `modelwatch.alerts` (snake_case, see schemas/alert-event.avsc). */
export interface AlertEvent {
  readonly fingerprint: string;
  readonly rule_id: string;
  readonly state: AlertState;
  readonly severity: Severity;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly value: number | null;
  readonly threshold: number | null;
  readonly window_start: number | null;
  readonly window_end: number | null;
  readonly starts_at: number;
  readonly ends_at: number | null;
  readonly timestamp: number;
}

export function alertToEvent(alert: Alert): AlertEvent {
  return {
    fingerprint: alert.fingerprint,
    rule_id: alert.ruleId,
    state: alert.state,
    severity: alert.severity,
    labels: { ...alert.labels },
    annotations: { ...alert.annotations },
    value: alert.value,
    threshold: alert.threshold,
    window_start: alert.windowStart,
    window_end: alert.windowEnd,
    starts_at: alert.startsAt,
    ends_at: alert.endsAt,
    timestamp: alert.updatedAt,
  };
}

export function alertFromEvent(event: AlertEvent): Alert {
  return {
    fingerprint: event.fingerprint,
    ruleId: event.rule_id,
    state: event.state,
    severity: event.severity,
    labels: { ...event.labels },
    annotations: { ...event.annotations },
    value: event.value,
    threshold: event.threshold,
    windowStart: event.window_start,
    windowEnd: event.window_end,
    startsAt: event.starts_at,
    endsAt: event.ends_at,
    updatedAt: event.timestamp,
  };
}
