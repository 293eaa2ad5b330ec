import type { Alert, AlertState, Severity } from '../alert.ts';
import type { Notification } from '../notification.ts';

/** Configurations and helpers the routing tests share. */

/**
 * The routing example of Alertmanager's docs/configuration.md, without its mute/active time
 * intervals (modelwatch has none; the two inhouse-service routes keep their `continue`).
 */
export const AM_DOCS_EXAMPLE = {
  route: {
    receiver: 'default-receiver',
    group_wait: '30s',
    group_interval: '5m',
    repeat_interval: '4h',
    group_by: ['cluster', 'alertname'],
    routes: [
      { receiver: 'database-pager', group_wait: '10s', matchers: ['service=~"mysql|cassandra"'] },
      { receiver: 'frontend-pager', group_by: ['product', 'environment'], matchers: ['team="frontend"'] },
      { receiver: 'dev-pager', matchers: ['service="inhouse-service"'], continue: true },
      { receiver: 'on-call-pager', matchers: ['service="inhouse-service"'] },
    ],
  },
};
export const AM_DOCS_RECEIVERS = ['default-receiver', 'database-pager', 'frontend-pager', 'dev-pager', 'on-call-pager'];

/** An alert whose fingerprint is its readable name, so assertions read as names. */
export function testAlert(fingerprint: string, labels: Record<string, string>, state: AlertState, startsAt: number, updatedAt = startsAt): Alert {
  const severity = (labels.severity ?? 'warning') as Severity;
  return {
    fingerprint,
    ruleId: labels.alertname ?? 'rule',
    state,
    severity,
    labels,
    annotations: { summary: `${fingerprint} summary` },
    value: null,
    threshold: null,
    windowStart: null,
    windowEnd: null,
    startsAt,
    endsAt: state === 'resolved' ? updatedAt : null,
    updatedAt,
  };
}

/** `"30s default first_notification firing a,b~"`: time, receiver, reason, status and alerts (`~` marks a resolved one). */
export function describeNotification(n: Notification): string {
  const alerts = n.alerts.map((a) => (a.state === 'resolved' ? `${a.fingerprint}~` : a.fingerprint)).join(',');
  return `${formatTime(n.createdAt)} ${n.receiver} ${n.reason} ${n.status} ${alerts}${n.acknowledgedBy ? ` by ${n.acknowledgedBy}` : ''}`;
}

function formatTime(ms: number): string {
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s || (!h && !m) ? `${s}s` : ''}`;
}
