import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { controlEventHash } from '@modelwatch/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port.ts';
import { metricEvent, publishMetricEvents } from '../support/metric-events.ts';
import { startModelwatchForTest, type ModelwatchUnderTest } from '../support/modelwatch-under-test.ts';
import { RecordingHttpServer } from '../support/recording-http-server.ts';
import { waitFor } from '../support/wait-for.ts';

const MINUTE = 60_000;
const TOKENS = { admin: 'admin-token-1', oncall: 'oncall-token-1', viewer: 'viewer-token-1' } as const;
const sha = (t: string) => createHash('sha256').update(t).digest('hex');

/**
 * The alerts API against real Kafka and chDB: roles decide who may read, silence and change
 * rules; bad requests are refused with the fix; every change is on the control log with its
 * actor; a rule put through the API and a silence take effect on the next metric events.
 */
describe('the alerts API', () => {
  let mw: ModelwatchUnderTest;
  let webhook: RecordingHttpServer;
  let api: string;
  const start = Math.floor(Date.now() / MINUTE) * MINUTE - 60 * MINUTE;

  beforeAll(async () => {
    webhook = await new RecordingHttpServer().start();
    const port = await freePort();
    api = `http://127.0.0.1:${port}/api/v1`;
    const routing = join(mkdtempSync(join(tmpdir(), 'modelwatch-api-')), 'routing.yaml');
    writeFileSync(routing, `route:\n  receiver: hook\n  group_by: ['...']\n  group_wait: 0s\n  group_interval: 1s\nreceivers:\n  - name: hook\n    webhook_configs: [{ url: "${webhook.url}/hook" }]\n`);
    mw = await startModelwatchForTest(
      {
        MODELWATCH_TARGETS: 'alerts',
        MODELWATCH_ALERTS_API_PORT: String(port),
        MODELWATCH_ALERTS_ROUTING_FILE: routing,
        MODELWATCH_WEBHOOK_SECRET: 'api-test-secret',
      },
      { alerts: { api: { tokens: Object.entries(TOKENS).map(([role, token]) => ({ name: `${role}-client`, token_sha256: sha(token), role })) } } },
    );
  }, 120_000);

  afterAll(async () => {
    await mw?.stop();
    await webhook?.stop();
  });

  const call = async (method: string, path: string, token: string | undefined, body?: unknown) => {
    const res = await fetch(`${api}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };

  it('refuses missing and unknown tokens, and actions above the caller\'s role, naming the fix', async () => {
    expect((await call('GET', '/rules', undefined)).status).toBe(401);
    expect((await call('GET', '/rules', 'not-a-token')).status).toBe(401);
    const rules = await call('GET', '/rules', TOKENS.viewer);
    expect(rules.status).toBe(200);
    expect((rules.json.rules as { id: string }[]).map((r) => r.id)).toContain('data-drift');
    const rule = { select: { metric: 'latency_p99_ms' }, condition: { above: 250 }, severity: 'warning' };
    const refused = await call('PUT', '/rules/slow', TOKENS.oncall, rule);
    expect(refused.status).toBe(403);
    expect(String(refused.json.error)).toContain('admin role');
    const silence = await call('POST', '/silences', TOKENS.viewer, { matchers: ['model_id="m1"'], duration: '1h' });
    expect(silence.status).toBe(403);
  });

  it('validates rules and silences with messages that name the fix', async () => {
    const bad = await call('PUT', '/rules/bad', TOKENS.admin, { select: { metric: 'error_rate' }, condition: { abov: 0.1 }, severity: 'urgent' });
    expect(bad.status).toBe(400);
    expect(String(bad.json.error)).toMatch(/condition/);
    expect(String(bad.json.error)).toMatch(/severity/);
    const everything = await call('POST', '/silences', TOKENS.oncall, { matchers: ['model_id=~".*"'], duration: '1h' });
    expect(everything.status).toBe(400);
    expect(String(everything.json.error)).toMatch(/empty string/);
  });

  it('applies a rule put by an admin and a silence by on-call, and records both with their actors', { timeout: 60_000 }, async () => {
    const put = await call('PUT', '/rules/slow-model', TOKENS.admin, {
      select: { metric: 'latency_p99_ms' }, condition: { above: 250 }, severity: 'warning', annotations: { summary: '{{model_id}} p99 {{value}} ms' },
    });
    expect(put.status).toBe(200);
    const silenced = await call('POST', '/silences', TOKENS.oncall, { matchers: ['alertname="slow-model"', 'model_id="quiet-model"'], duration: '1h', comment: 'known slow' });
    expect(silenced.status).toBe(201);

    const topic = `${mw.config.kafka.topicPrefix}metrics`;
    const slow = (model: string) => metricEvent(model, start, [{ metric: 'latency_p99_ms', value: 900 }]);
    await publishMetricEvents(mw.config.kafka.brokers, topic, [slow('loud-model'), slow('quiet-model')]);
    await waitFor(async () => (webhook.requests.some((r) => r.body.includes('loud-model')) ? true : undefined), 'the new rule to notify', 30_000);
    const alerts = await call('GET', '/alerts', TOKENS.viewer);
    const byModel = new Map((alerts.json.alerts as { labels: Record<string, string>; muted: { silencedBy: string[] } | null }[]).map((a) => [a.labels.model_id, a]));
    expect(byModel.get('quiet-model')?.muted?.silencedBy).toEqual([silenced.json.silenceId]);
    await new Promise((r) => setTimeout(r, 1500));
    expect(webhook.requests.some((r) => r.body.includes('quiet-model'))).toBe(false);

    const events = await readControl(mw);
    const ruleEvent = events.find((e) => e.type === 'rule.changed' && e.subject === 'slow-model');
    expect(ruleEvent?.actor).toEqual({ id: 'admin-client', role: 'admin', via: 'api' });
    const silenceEvent = events.find((e) => e.type === 'silence.created');
    expect(silenceEvent?.actor).toEqual({ id: 'oncall-client', role: 'oncall', via: 'api' });
    // The log is one hash chain (across partitions): each event's hash covers it and the hash before it,
    // one event starts the chain, and no two events follow the same one.
    for (const event of events) {
      const { hash, ...body } = event;
      expect(controlEventHash(body as Parameters<typeof controlEventHash>[0])).toBe(hash);
    }
    const hashes = new Set(events.map((e) => e.hash));
    expect(events.filter((e) => e.previous_hash === null)).toHaveLength(1);
    expect(events.every((e) => e.previous_hash === null || hashes.has(e.previous_hash))).toBe(true);
    expect(new Set(events.map((e) => e.previous_hash)).size).toBe(events.length);
  });
});

async function readControl(mw: ModelwatchUnderTest): Promise<{ type: string; subject: string | null; actor: unknown; hash: string; previous_hash: string | null }[]> {
  const kafka = new Kafka({ clientId: 'api-test-control', brokers: [...mw.config.kafka.brokers], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(`${mw.config.kafka.topicPrefix}control`);
  await admin.disconnect();
  const total = offsets.reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
  const consumer = kafka.consumer({ groupId: `api-test-control-${Date.now()}` });
  const events: { type: string; subject: string | null; actor: unknown; hash: string; previous_hash: string | null; timestamp: number }[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic: `${mw.config.kafka.topicPrefix}control`, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => void events.push(JSON.parse(message.value!.toString())) });
  await waitFor(async () => (events.length >= total ? true : undefined), 'the control log', 20_000);
  await consumer.disconnect();
  return events;
}
