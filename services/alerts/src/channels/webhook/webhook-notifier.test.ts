import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Alert, Notification } from '@modelwatch/core';
import { DeliveryError, type DeliveryContext } from '../notifier.ts';
import { WebhookNotifier, signWebhookBody, verifyWebhookSignature, webhookMessage } from './index.ts';

const SECRET = 'whsec-test-0123456789';
const T0 = Date.UTC(2025, 2, 3, 10, 0, 0);
const NOW_MS = T0 + 7_000;

function alert(overrides: Partial<Alert> = {}): Alert {
  return {
    fingerprint: 'a1b2c3d4e5f60718',
    ruleId: 'accuracy-drop',
    state: 'firing',
    severity: 'critical',
    labels: { alertname: 'accuracy-drop', severity: 'critical', model_id: 'fraud-detector', model_version: 'v7', metric: 'accuracy' },
    annotations: { summary: 'accuracy 0.81 < 0.9' },
    value: 0.81,
    threshold: 0.9,
    windowStart: T0 - 3_600_000,
    windowEnd: T0,
    startsAt: T0,
    endsAt: null,
    updatedAt: T0,
    ...overrides,
  };
}

function notification(overrides: Partial<Notification> = {}): Notification {
  return {
    id: 'notif-42',
    receiver: 'ml-platform',
    groupKey: '{}:{alertname="accuracy-drop", model_id="fraud-detector"}',
    groupLabels: { alertname: 'accuracy-drop', model_id: 'fraud-detector' },
    commonLabels: { alertname: 'accuracy-drop', severity: 'critical', model_id: 'fraud-detector', model_version: 'v7', metric: 'accuracy' },
    commonAnnotations: { summary: 'accuracy 0.81 < 0.9' },
    status: 'firing',
    reason: 'first_notification',
    alerts: [alert(), alert({ fingerprint: 'ffff000011112222', state: 'resolved', endsAt: T0 + 60_000, value: 0.95 })],
    createdAt: T0 + 5_000,
    ...overrides,
  };
}

const context = (): DeliveryContext => ({ previous: undefined, history: [], signal: new AbortController().signal });

let server: Server | undefined;
afterEach(async () => {
  if (server) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
  }
});

interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly raw: Buffer;
}

async function start(status: () => number, received: Received[] = []): Promise<string> {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, raw: Buffer.concat(chunks) });
      const code = status();
      res.writeHead(code, code >= 300 && code < 400 ? { location: 'http://127.0.0.1:1/elsewhere' } : {});
      res.end(code >= 400 ? `refused (token /hooks/t0k3n)` : '');
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/t0k3n`;
}

describe('WebhookNotifier', () => {
  it('POSTs the Alertmanager v4 shaped body, signed over timestamp and body; the exported verifier accepts it', async () => {
    const received: Received[] = [];
    const url = await start(() => 200, received);
    const notifier = new WebhookNotifier({ url, secret: SECRET, now: () => NOW_MS, externalUrl: 'https://modelwatch.example.test' });
    expect(notifier.kind).toBe('webhook');
    expect(await notifier.send(notification(), context())).toBeUndefined();

    const [request] = received;
    const headers = request!.headers;
    expect(headers['content-type']).toBe('application/json');
    expect(headers['x-modelwatch-timestamp']).toBe(String(Math.floor(NOW_MS / 1000)));
    expect(headers['x-modelwatch-notification-id']).toBe('notif-42');
    expect(headers['x-modelwatch-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);

    expect(JSON.parse(request!.raw.toString('utf8'))).toEqual({
      version: '4',
      groupKey: '{}:{alertname="accuracy-drop", model_id="fraud-detector"}',
      truncatedAlerts: 0,
      status: 'firing',
      receiver: 'ml-platform',
      groupLabels: { alertname: 'accuracy-drop', model_id: 'fraud-detector' },
      commonLabels: { alertname: 'accuracy-drop', severity: 'critical', model_id: 'fraud-detector', model_version: 'v7', metric: 'accuracy' },
      commonAnnotations: { summary: 'accuracy 0.81 < 0.9' },
      externalURL: 'https://modelwatch.example.test',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'accuracy-drop', severity: 'critical', model_id: 'fraud-detector', model_version: 'v7', metric: 'accuracy' },
          annotations: { summary: 'accuracy 0.81 < 0.9' },
          startsAt: '2025-03-03T10:00:00.000Z',
          endsAt: '0001-01-01T00:00:00Z',
          generatorURL: '',
          fingerprint: 'a1b2c3d4e5f60718',
          value: 0.81,
          threshold: 0.9,
          windowStart: '2025-03-03T09:00:00.000Z',
          windowEnd: '2025-03-03T10:00:00.000Z',
          ruleId: 'accuracy-drop',
        },
        {
          status: 'resolved',
          labels: { alertname: 'accuracy-drop', severity: 'critical', model_id: 'fraud-detector', model_version: 'v7', metric: 'accuracy' },
          annotations: { summary: 'accuracy 0.81 < 0.9' },
          startsAt: '2025-03-03T10:00:00.000Z',
          endsAt: '2025-03-03T10:01:00.000Z',
          generatorURL: '',
          fingerprint: 'ffff000011112222',
          value: 0.95,
          threshold: 0.9,
          windowStart: '2025-03-03T09:00:00.000Z',
          windowEnd: '2025-03-03T10:00:00.000Z',
          ruleId: 'accuracy-drop',
        },
      ],
      reason: 'first_notification',
      notificationId: 'notif-42',
      acknowledgedBy: null,
      createdAt: '2025-03-03T10:00:05.000Z',
    });

    const verify = (body: string | Buffer, overrides: { secret?: string; timestamp?: string; nowSeconds?: number } = {}) =>
      verifyWebhookSignature({
        secret: overrides.secret ?? SECRET,
        body,
        timestamp: overrides.timestamp ?? (headers['x-modelwatch-timestamp'] as string),
        signature: headers['x-modelwatch-signature'] as string,
        nowSeconds: overrides.nowSeconds ?? Math.floor(NOW_MS / 1000) + 30,
      });
    expect(verify(request!.raw)).toEqual({ ok: true });
    expect(verify(request!.raw.toString('utf8'))).toEqual({ ok: true });

    // Tampered body, wrong secret, a replay with a new timestamp, a replay after the tolerance.
    const tampered = request!.raw.toString('utf8').replace('"status":"firing"', '"status":"resolved"');
    expect(verify(tampered)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verify(request!.raw, { secret: 'other' })).toEqual({ ok: false, reason: 'mismatch' });
    const fresh = String(Math.floor(NOW_MS / 1000) + 600);
    expect(verify(request!.raw, { timestamp: fresh, nowSeconds: Number(fresh) })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verify(request!.raw, { nowSeconds: Math.floor(NOW_MS / 1000) + 301 })).toEqual({ ok: false, reason: 'stale' });
    expect(verifyWebhookSignature({ secret: SECRET, body: '{}', timestamp: undefined, signature: 'sha256=00' })).toEqual({ ok: false, reason: 'missing' });
    expect(verifyWebhookSignature({ secret: SECRET, body: '{}', timestamp: '1', signature: 'md5=00' })).toEqual({ ok: false, reason: 'malformed' });
  });

  it('signs exactly `${timestamp}.${body}` with HMAC-SHA256 (a receiver in any language can redo it)', async () => {
    const { createHmac } = await import('node:crypto');
    const expected = createHmac('sha256', 'k').update('1700000000.{"a":1}').digest('hex');
    expect(signWebhookBody('k', 1700000000, '{"a":1}')).toBe(`sha256=${expected}`);
  });

  it('sends acknowledged with who acknowledged, and truncates to maxAlerts like Alertmanager', () => {
    const message = webhookMessage(notification({ status: 'acknowledged', reason: 'acknowledged', acknowledgedBy: 'bob' }), { maxAlerts: 1 });
    expect(message).toMatchObject({ status: 'acknowledged', reason: 'acknowledged', acknowledgedBy: 'bob', truncatedAlerts: 1 });
    expect(message.alerts).toHaveLength(1);
  });

  it('maps statuses: 2xx ok; 4xx other than 408/429 and 3xx not retryable; 408, 429, 5xx retryable; the URL path never in errors', async () => {
    let code = 204;
    const url = await start(() => code);
    const notifier = new WebhookNotifier({ url, secret: SECRET, timeoutMs: 2_000 });
    const outcome = async (status: number) => {
      code = status;
      try {
        await notifier.send(notification(), context());
        return 'ok';
      } catch (error) {
        expect(error).toBeInstanceOf(DeliveryError);
        const e = error as DeliveryError;
        expect(e.status).toBe(status);
        expect(e.message).not.toContain('t0k3n');
        expect(e.message).not.toContain(SECRET);
        return e.retryable ? 'retry' : 'park';
      }
    };
    const results: Record<number, string> = {};
    for (const status of [200, 202, 204, 301, 307, 400, 401, 403, 404, 408, 410, 413, 422, 429, 500, 502, 503]) {
      results[status] = await outcome(status);
    }
    expect(results).toEqual({
      200: 'ok', 202: 'ok', 204: 'ok',
      301: 'park', 307: 'park',
      400: 'park', 401: 'park', 403: 'park', 404: 'park', 410: 'park', 413: 'park', 422: 'park',
      408: 'retry', 429: 'retry', 500: 'retry', 502: 'retry', 503: 'retry',
    });
  });

  it('network failure and timeout are retryable', async () => {
    const url = await start(() => 200);
    server!.close();
    server = undefined;
    await expect(new WebhookNotifier({ url, secret: SECRET }).send(notification(), context())).rejects.toMatchObject({ retryable: true });

    server = createServer(() => {});
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const hanging = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    await expect(new WebhookNotifier({ url: hanging, secret: SECRET, timeoutMs: 150 }).send(notification(), context())).rejects.toMatchObject({
      retryable: true,
      message: expect.stringContaining('no answer within 150 ms'),
    });
  });

  it('refuses a bad URL or an empty secret with what to fix', () => {
    expect(() => new WebhookNotifier({ url: 'not a url', secret: SECRET })).toThrow(/absolute http/);
    expect(() => new WebhookNotifier({ url: 'ftp://x.test/', secret: SECRET })).toThrow(/http or https/);
    expect(() => new WebhookNotifier({ url: 'https://x.test/', secret: '' })).toThrow(/secret/);
  });
});
