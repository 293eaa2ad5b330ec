import type { Alert, Labels, Severity } from './alert.ts';

/** Why a group is notified; Alertmanager's dedup-stage reasons plus modelwatch's escalation and acknowledgement. */
export type NotificationReason =
  | 'first_notification'
  | 'new_alerts_in_group'
  | 'new_resolved_alerts'
  | 'all_alerts_resolved'
  | 'repeat_interval_elapsed'
  | 'escalation'
  | 'acknowledged';

/**
 * One message to one receiver about one aggregation group. The routing engine makes it; the
 * delivery pipeline stores it in the outbox and hands it to each channel of the receiver.
 */
export interface Notification {
  /** Unique and stable: the outbox and channels deduplicate on it. */
  readonly id: string;
  readonly receiver: string;
  /** The aggregation group's key (route + group labels); PagerDuty's dedup_key and Slack's thread key derive from it. */
  readonly groupKey: string;
  readonly groupLabels: Labels;
  readonly commonLabels: Labels;
  readonly commonAnnotations: Labels;
  /** `firing` while any alert of the group fires; `acknowledged` when someone took it. */
  readonly status: 'firing' | 'resolved' | 'acknowledged';
  readonly reason: NotificationReason;
  /** Firing alerts first, then resolved ones, each sorted by fingerprint. */
  readonly alerts: readonly Alert[];
  /** Who acknowledged, for `acknowledged` notifications. */
  readonly acknowledgedBy?: string;
  readonly createdAt: number;
}

/** A group's name for titles: its label values sorted by label name (Alertmanager's subject), else the alert name. */
export function groupName(notification: Notification): string {
  const values = Object.keys(notification.groupLabels)
    .sort()
    .map((k) => notification.groupLabels[k] ?? '')
    .filter((v) => v !== '');
  if (values.length > 0) return values.join(' ');
  return notification.commonLabels['alertname'] ?? notification.alerts[0]?.ruleId ?? 'modelwatch alert';
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 0, warning: 1, critical: 2 };

/** The highest severity among the group's firing alerts, else among all of them; undefined for none. */
export function highestSeverity(alerts: readonly Alert[]): Severity | undefined {
  const firing = alerts.filter((a) => a.state !== 'resolved');
  let best: Severity | undefined;
  for (const alert of firing.length > 0 ? firing : alerts) if (best === undefined || SEVERITY_RANK[alert.severity] > SEVERITY_RANK[best]) best = alert.severity;
  return best;
}
