import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Alert, Notification } from '@modelwatch/core';
import { DeliveryError, type DeliveryContext } from '../notifier.ts';
import { PagerDutyNotifier, pagerDutyDedupKey, pagerDutyEvent } from './index.ts';

const ROUTING_KEY = 'R0UT1NGKEY-abcdef0123456789abcdef';
const T0 = Date.UTC(2025, 2, 3, 10, 0, 0);
const HOUR = 3_600_000;

function alert(overrides: Partial<Alert> = {}): Alert {
  return {
    fingerprint: 'a1b2c3d4e5f60718',
    ruleId: 'data-drift',
    state: 'firing',
    severity: 'critical',
    labels: {
      alertname: 'data-drift',
      severity: 'critical',
      model_id: 'fraud-detector',
      model_version: 'v7',
      metric: 'psi',
      feature: 'amount',
      segment: 'country=FR',
    },
    annotations: { summary: 'PSI of amount is 0.31 (threshold 0.2)', runbook_url: 'https://runbooks.example.test/data-drift' },
    value: 0.31,
    threshold: 0.2,
    windowStart: T0 - HOUR,
    windowEnd: T0,
    startsAt: T0,
    endsAt: null,
    updatedAt: T0,
    ...overrides,
  };
}

function notification(overrides: Partial<Notification> = {}): Notification {
  return {
    id: 'n-1',
    receiver: 'ml-oncall',
    groupKey: '{}/{severity="critical"}:{alertname="data-drift", model_id="fraud-detector"}',
    groupLabels: { alertname: 'data-drift', model_id: 'fraud-detector' },
    commonLabels: { alertname: 'data-drift', severity: 'critical', model_id: 'fraud-detector', model_version: 'v7', metric: 'psi' },
    commonAnnotations: {},
    status: 'firing',
    reason: 'first_notification',
    alerts: [
      alert(),
      alert({
        fingerprint: 'f0e1d2c3b4a59687',
        labels: { ...alert().labels, feature: 'merchant_category', severity: 'warning' },
        severity: 'warning',
        annotations: { summary: 'PSI of merchant_category is 0.22 (threshold 0.2)' },
        value: 0.22,
      }),
    ],
    createdAt: T0 + 5_000,
    ...overrides,
  };
}

function context(signal: AbortSignal = new AbortController().signal): DeliveryContext {
  return { previous: undefined, history: [], signal };
}

interface Captured {
  readonly method: string | undefined;
  readonly headers: IncomingMessage['headers'];
  readonly body: unknown;
}

let server: Server | undefined;

async function startServer(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<string> {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handler(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2/enqueue`;
}

afterEach(async () => {
  if (server) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
  }
});

async function rejection(promise: Promise<unknown>): Promise<DeliveryError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(DeliveryError);
    return error as DeliveryError;
  }
  throw new Error('expected the send to fail');
}

describe('PagerDutyNotifier', () => {
  it('sends trigger, acknowledge and resolve for one group with the same dedup_key and the exact Events v2 bodies', async () => {
    const captured: Captured[] = [];
    const url = await startServer((req, res, body) => {
      captured.push({ method: req.method, headers: req.headers, body: JSON.parse(body) });
      const dedup = (JSON.parse(body) as { dedup_key: string }).dedup_key;
      res.writeHead(202, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'success', message: 'Event processed', dedup_key: dedup }));
    });
    const notifier = new PagerDutyNotifier({ routingKey: ROUTING_KEY, url, timeoutMs: 2_000 });
    expect(notifier.kind).toBe('pagerduty');

    const firing = notification();
    const acknowledged = notification({ id: 'n-2', status: 'acknowledged', reason: 'acknowledged', acknowledgedBy: 'alice', createdAt: T0 + 60_000 });
    const resolvedAlerts = firing.alerts.map((a) => ({ ...a, state: 'resolved' as const, endsAt: T0 + 2 * HOUR, updatedAt: T0 + 2 * HOUR }));
    const resolved = notification({ id: 'n-3', status: 'resolved', reason: 'all_alerts_resolved', alerts: resolvedAlerts, createdAt: T0 + 2 * HOUR });

    const groupKey = firing.groupKey;
    expect(await notifier.send(firing, context())).toEqual({ dedup_key: groupKey });
    expect(await notifier.send(acknowledged, context())).toEqual({ dedup_key: groupKey });
    expect(await notifier.send(resolved, context())).toEqual({ dedup_key: groupKey });

    expect(captured.map((c) => c.method)).toEqual(['POST', 'POST', 'POST']);
    expect(captured[0]!.headers['content-type']).toBe('application/json');

    const firingAlertDetails = [
      {
        fingerprint: 'a1b2c3d4e5f60718',
        status: 'firing',
        labels: {
          alertname: 'data-drift',
          severity: 'critical',
          model_id: 'fraud-detector',
          model_version: 'v7',
          metric: 'psi',
          feature: 'amount',
          segment: 'country=FR',
        },
        annotations: { summary: 'PSI of amount is 0.31 (threshold 0.2)', runbook_url: 'https://runbooks.example.test/data-drift' },
        value: 0.31,
        threshold: 0.2,
        window_start: '2025-03-03T09:00:00.000Z',
        window_end: '2025-03-03T10:00:00.000Z',
        starts_at: '2025-03-03T10:00:00.000Z',
        ends_at: null,
      },
      {
        fingerprint: 'f0e1d2c3b4a59687',
        status: 'firing',
        labels: {
          alertname: 'data-drift',
          severity: 'warning',
          model_id: 'fraud-detector',
          model_version: 'v7',
          metric: 'psi',
          feature: 'merchant_category',
          segment: 'country=FR',
        },
        annotations: { summary: 'PSI of merchant_category is 0.22 (threshold 0.2)' },
        value: 0.22,
        threshold: 0.2,
        window_start: '2025-03-03T09:00:00.000Z',
        window_end: '2025-03-03T10:00:00.000Z',
        starts_at: '2025-03-03T10:00:00.000Z',
        ends_at: null,
      },
    ];
    const common = {
      routing_key: ROUTING_KEY,
      dedup_key: groupKey,
      client: 'modelwatch',
      links: [{ href: 'https://runbooks.example.test/data-drift', text: 'Runbook: data-drift' }],
    };
    const payloadCommon = { source: 'fraud-detector', severity: 'critical', component: 'fraud-detector', group: 'v7', class: 'psi' };

    expect(captured[0]!.body).toEqual({
      ...common,
      event_action: 'trigger',
      payload: {
        ...payloadCommon,
        summary: '[FIRING:2] data-drift fraud-detector: PSI of amount is 0.31 (threshold 0.2)',
        timestamp: '2025-03-03T10:00:05.000Z',
        custom_details: {
          status: 'firing',
          reason: 'first_notification',
          receiver: 'ml-oncall',
          group_key: groupKey,
          notification_id: 'n-1',
          firing: 2,
          resolved: 0,
          alerts: firingAlertDetails,
        },
      },
    });
    expect(captured[1]!.body).toEqual({
      ...common,
      event_action: 'acknowledge',
      payload: {
        ...payloadCommon,
        summary: '[ACKNOWLEDGED] data-drift fraud-detector by alice: PSI of amount is 0.31 (threshold 0.2)',
        timestamp: '2025-03-03T10:01:00.000Z',
        custom_details: {
          status: 'acknowledged',
          reason: 'acknowledged',
          receiver: 'ml-oncall',
          group_key: groupKey,
          notification_id: 'n-2',
          firing: 2,
          resolved: 0,
          acknowledged_by: 'alice',
          alerts: firingAlertDetails,
        },
      },
    });
    expect(captured[2]!.body).toEqual({
      ...common,
      event_action: 'resolve',
      payload: {
        ...payloadCommon,
        summary: '[RESOLVED] data-drift fraud-detector: PSI of amount is 0.31 (threshold 0.2)',
        timestamp: '2025-03-03T12:00:00.000Z',
        custom_details: {
          status: 'resolved',
          reason: 'all_alerts_resolved',
          receiver: 'ml-oncall',
          group_key: groupKey,
          notification_id: 'n-3',
          firing: 0,
          resolved: 2,
          alerts: firingAlertDetails.map((d) => ({ ...d, status: 'resolved', ends_at: '2025-03-03T12:00:00.000Z' })),
        },
      },
    });
  });

  it('maps severities one to one (never `error`) from the highest firing alert', () => {
    const sev = (severity: Alert['severity']) =>
      pagerDutyEvent(notification({ alerts: [alert({ severity }), alert({ severity: 'info', state: 'resolved' })] }), ROUTING_KEY).payload.severity;
    expect(sev('critical')).toBe('critical');
    expect(sev('warning')).toBe('warning');
    expect(sev('info')).toBe('info');
  });

  it('falls back to source modelwatch without model labels, truncates the summary to 1024 characters', () => {
    const long = 'x'.repeat(5_000);
    const event = pagerDutyEvent(
      notification({ commonLabels: { alertname: 'pipeline-lag' }, groupLabels: {}, commonAnnotations: { summary: long } }),
      ROUTING_KEY,
    );
    expect(event.payload.source).toBe('modelwatch');
    expect(event.payload).not.toHaveProperty('component');
    expect(event.payload).not.toHaveProperty('group');
    expect(event.payload).not.toHaveProperty('class');
    expect(Array.from(event.payload.summary)).toHaveLength(1024);
    expect(event.payload.summary.endsWith('…')).toBe(true);
  });

  it('hashes a group key longer than 255 bytes to 64 hex characters, the same each time', () => {
    const longKey = `{}:{${'model_id="m",'.repeat(40)}}`;
    expect(pagerDutyDedupKey(longKey)).toMatch(/^[0-9a-f]{64}$/);
    expect(pagerDutyDedupKey(longKey)).toBe(pagerDutyDedupKey(longKey));
    expect(pagerDutyDedupKey('{}:{alertname="x"}')).toBe('{}:{alertname="x"}');
    expect(pagerDutyEvent(notification({ groupKey: longKey }), ROUTING_KEY).dedup_key).toHaveLength(64);
  });

  it('keeps the event under 512 000 bytes by leaving out alerts and counting them', () => {
    const big = Array.from({ length: 400 }, (_, i) =>
      alert({ fingerprint: `fp${i}`, annotations: { description: 'd'.repeat(2_000) } }),
    );
    const event = pagerDutyEvent(notification({ alerts: big }), ROUTING_KEY);
    expect(Buffer.byteLength(JSON.stringify(event))).toBeLessThanOrEqual(512_000);
    expect(event.payload.custom_details.alerts.length + (event.payload.custom_details.truncated_alerts ?? 0)).toBe(400);
    expect(event.payload.custom_details.firing).toBe(400);
  });

  it('500 → retryable DeliveryError; 429 → retryable; 400 → not retryable; never the routing key in the message', async () => {
    let status = 500;
    const url = await startServer((_req, res) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      // A server that echoes the key must not make it leak into our errors.
      res.end(JSON.stringify({ status: 'invalid event', message: `bad routing_key ${ROUTING_KEY}`, errors: ['x'] }));
    });
    const notifier = new PagerDutyNotifier({ routingKey: ROUTING_KEY, url, timeoutMs: 2_000 });

    const e500 = await rejection(notifier.send(notification(), context()));
    expect(e500).toMatchObject({ retryable: true, status: 500 });
    expect(e500.message).toContain('answered 500');
    expect(e500.message).not.toContain(ROUTING_KEY);

    status = 429;
    expect(await rejection(notifier.send(notification(), context()))).toMatchObject({ retryable: true, status: 429 });

    status = 400;
    const e400 = await rejection(notifier.send(notification(), context()));
    expect(e400).toMatchObject({ retryable: false, status: 400 });
    expect(e400.message).toContain('[redacted]');
    expect(e400.message).not.toContain(ROUTING_KEY);

    status = 403;
    expect(await rejection(notifier.send(notification(), context()))).toMatchObject({ retryable: false, status: 403 });
  });

  it('a server that never answers → retryable after the own timeout', async () => {
    const url = await startServer(() => {
      /* never answers */
    });
    const notifier = new PagerDutyNotifier({ routingKey: ROUTING_KEY, url, timeoutMs: 200 });
    const started = Date.now();
    const error = await rejection(notifier.send(notification(), context()));
    expect(Date.now() - started).toBeGreaterThanOrEqual(180);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error.retryable).toBe(true);
    expect(error.status).toBeUndefined();
    expect(error.message).toContain('no answer within 200 ms');
    expect(error.message).not.toContain(ROUTING_KEY);
  });

  it("honours the attempt's deadline (context.signal) before the own timeout", async () => {
    const url = await startServer(() => {});
    const notifier = new PagerDutyNotifier({ routingKey: ROUTING_KEY, url, timeoutMs: 30_000 });
    const error = await rejection(notifier.send(notification(), context(AbortSignal.timeout(150))));
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('deadline');
    const aborted = new AbortController();
    aborted.abort();
    expect((await rejection(notifier.send(notification(), context(aborted.signal)))).retryable).toBe(true);
  });

  it('a refused connection → retryable, without the routing key', async () => {
    const url = await startServer(() => {});
    server!.close();
    server = undefined;
    const notifier = new PagerDutyNotifier({ routingKey: ROUTING_KEY, url, timeoutMs: 2_000 });
    const error = await rejection(notifier.send(notification(), context()));
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('request failed');
    expect(error.message).not.toContain(ROUTING_KEY);
  });

  it('refuses an empty routing key with what to fix', () => {
    expect(() => new PagerDutyNotifier({ routingKey: ' ' })).toThrow(/integration key/);
  });
});
