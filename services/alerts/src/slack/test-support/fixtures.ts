import type { Alert, Notification } from '@modelwatch/core';
import type { DeliveryContext } from '../../channels/notifier.ts';

export const T0 = Date.UTC(2024, 4, 1, 12, 0, 0);
export const GROUP_KEY = '{}/{severity="critical"}:{alertname="accuracy_drop", model_id="fraud-detector"}';

export function alert(overrides: Partial<Alert> & { fingerprint: string }): Alert {
  return {
    ruleId: 'accuracy_drop',
    state: 'firing',
    severity: 'critical',
    labels: { alertname: 'accuracy_drop', severity: 'critical', model_id: 'fraud-detector', model_version: '7', segment: 'country=DE', metric: 'accuracy' },
    annotations: { summary: 'Accuracy fell below 0.85', runbook_url: 'https://runbooks.example.com/accuracy-drop' },
    value: 0.81,
    threshold: 0.85,
    windowStart: T0 - 3_600_000,
    windowEnd: T0,
    startsAt: T0,
    endsAt: null,
    updatedAt: T0,
    ...overrides,
  };
}

export function notification(overrides: Partial<Notification> = {}): Notification {
  return {
    id: 'n-1',
    receiver: 'ml-oncall',
    groupKey: GROUP_KEY,
    groupLabels: { alertname: 'accuracy_drop', model_id: 'fraud-detector' },
    commonLabels: { alertname: 'accuracy_drop', severity: 'critical', model_id: 'fraud-detector', metric: 'accuracy' },
    commonAnnotations: { runbook_url: 'https://runbooks.example.com/accuracy-drop' },
    status: 'firing',
    reason: 'first_notification',
    alerts: [alert({ fingerprint: 'aaaaaaaaaaaaaaaa1111' })],
    createdAt: T0,
    ...overrides,
  };
}

export function context(overrides: Partial<DeliveryContext> = {}): DeliveryContext {
  return {
    previous: undefined,
    history: [0.93, 0.92, 0.92, null, 0.9, 0.88, 0.84, 0.81].map((value, i) => ({ windowStart: T0 - (8 - i) * 3_600_000, value })),
    signal: new AbortController().signal,
    ...overrides,
  };
}
