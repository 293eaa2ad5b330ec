import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '@modelwatch/alerts';
import { topicNames, type ModelwatchConfig } from '@modelwatch/core';
import { WAREHOUSE } from '@modelwatch/runtime';
import { createLogger } from '@modelwatch/telemetry';
import { startModelwatch, type RunningModelwatch } from 'modelwatch';
import { freePort } from '../support/free-port.ts';
import { metricEvent, publishMetricEvents } from '../support/metric-events.ts';
import { testConfig } from '../support/modelwatch-under-test.ts';
import { RecordingHttpServer, type RecordedRequest } from '../support/recording-http-server.ts';
import { waitFor } from '../support/wait-for.ts';

const WEBHOOK_SECRET = 'faults-webhook-secret';
const MINUTE = 60_000;

/**
 * Delivery under faults, against real Kafka and chDB: PagerDuty answering 500 and a webhook that
 * never answers are retried with backoff until they recover; a notification still failing when
 * modelwatch stops is delivered by the next process from the outbox, and what was delivered
 * before the restart is not sent again.
 */
describe('alert delivery faults', () => {
  let pagerduty: RecordingHttpServer;
  let webhook: RecordingHttpServer;
  let config: ModelwatchConfig;
  let dataDir: string;
  let running: RunningModelwatch | undefined;
  let apiPort: number;
  const start = Math.floor(Date.now() / MINUTE) * MINUTE - 30 * MINUTE;

  beforeAll(async () => {
    pagerduty = await new RecordingHttpServer().start();
    webhook = await new RecordingHttpServer().start();
    const dir = mkdtempSync(join(tmpdir(), 'modelwatch-faults-'));
    const routing = join(dir, 'routing.yaml');
    writeFileSync(
      routing,
      [
        'route:',
        '  receiver: oncall',
        '  group_by: [alertname, model_id]',
        '  group_wait: 0s',
        '  group_interval: 1s',
        'receivers:',
        '  - name: oncall',
        '    pagerduty_configs: [{}]',
        `    webhook_configs: [{ url: "${webhook.url}/hook" }]`,
        '',
      ].join('\n'),
    );
    apiPort = await freePort();
    ({ config, dataDir } = testConfig({
      MODELWATCH_TARGETS: 'alerts',
      MODELWATCH_ALERTS_API_PORT: String(apiPort),
      MODELWATCH_ALERTS_ROUTING_FILE: routing,
      MODELWATCH_ALERTS_DELIVERY_TIMEOUT_MS: '500',
      MODELWATCH_PAGERDUTY_ROUTING_KEY: 'FAULTSKEY0000000000000000000000',
      MODELWATCH_PAGERDUTY_URL: `${pagerduty.url}/v2/enqueue`,
      MODELWATCH_WEBHOOK_SECRET: WEBHOOK_SECRET,
    }));
    running = await startModelwatch(config, createLogger({ level: 'error' }));
  }, 120_000);

  afterAll(async () => {
    await running?.stop();
    await pagerduty?.stop();
    await webhook?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const failing = (window: number, model: string) => [0, 1].map((i) => metricEvent(model, start + (window + i) * MINUTE, [{ metric: 'error_rate', value: 0.5 }]));
  const forModel = (model: string) => (r: RecordedRequest) => JSON.stringify(r.json).includes(`model_id=\\"${model}\\"`) || JSON.stringify(r.json).includes(`"model_id":"${model}"`);

  it('retries a 500 and a timeout with backoff until each channel recovers, then delivers once', { timeout: 90_000 }, async () => {
    let pdCalls = 0;
    pagerduty.answer = () => (++pdCalls <= 3 ? { status: 500, body: { status: 'error' } } : { status: 202, body: { status: 'success' } });
    let hookCalls = 0;
    webhook.answer = () => (++hookCalls <= 2 ? 'hang' : { status: 200, body: {} });
    await publishMetricEvents(config.kafka.brokers, topicNames(config.kafka.topicPrefix).metrics, failing(0, 'm1'));

    await waitFor(async () => (pagerduty.requests.filter(forModel('m1')).length >= 4 ? true : undefined), 'PagerDuty to accept after three 500s', 60_000);
    await waitFor(async () => (webhook.requests.filter(forModel('m1')).length >= 3 ? true : undefined), 'the webhook to answer after two timeouts', 60_000);
    await new Promise((r) => setTimeout(r, 1500));
    const pd = pagerduty.requests.filter(forModel('m1'));
    expect(pd).toHaveLength(4);
    // Every attempt is the same event: one incident under one key.
    expect(new Set(pd.map((r) => r.body)).size).toBe(1);
    expect((pd[0]!.json as { event_action: string }).event_action).toBe('trigger');
    // Backoff: the attempts are spread out, not hammered.
    expect(pd[3]!.at - pd[0]!.at).toBeGreaterThan(100);
    const hooks = webhook.requests.filter(forModel('m1'));
    expect(hooks).toHaveLength(3);
    const last = hooks[2]!;
    expect(
      verifyWebhookSignature({
        secret: WEBHOOK_SECRET,
        body: last.body,
        timestamp: String(last.headers['x-modelwatch-timestamp']),
        signature: String(last.headers['x-modelwatch-signature']),
      }).ok,
    ).toBe(true);
    const outbox = await rows<{ kind: string; status: string; attempts: string }>(
      `SELECT kind, status, attempts FROM notification_outbox FINAL WHERE group_key LIKE '%m1%' ORDER BY kind`,
    );
    expect(outbox.map((o) => [o.kind, o.status, Number(o.attempts)])).toEqual([['pagerduty', 'delivered', 4], ['webhook', 'delivered', 3]]);
  });

  it('delivers after a restart what was still failing, and does not repeat what was delivered', { timeout: 120_000 }, async () => {
    webhook.answer = () => ({ status: 503, body: {} });
    pagerduty.answer = () => ({ status: 202, body: { status: 'success' } });
    await publishMetricEvents(config.kafka.brokers, topicNames(config.kafka.topicPrefix).metrics, failing(10, 'm2'));
    await waitFor(async () => (webhook.requests.filter(forModel('m2')).length >= 1 ? true : undefined), 'a first failed attempt for m2', 30_000);
    const pending = await waitFor(async () => {
      const [row] = await rows<{ n: string }>(`SELECT count() AS n FROM notification_outbox FINAL WHERE group_key LIKE '%m2%' AND kind = 'webhook' AND status = 'pending' AND attempts >= 1`);
      return Number(row?.n) >= 1 ? true : undefined;
    }, 'the failed attempt to be in the outbox', 30_000);
    expect(pending).toBe(true);
    const pdBefore = pagerduty.requests.length;

    await running!.stop();
    running = undefined;
    webhook.answer = () => ({ status: 200, body: {} });
    const hooksBefore = webhook.requests.length;
    running = await startModelwatch(config, createLogger({ level: 'error' }));

    await waitFor(async () => (webhook.requests.slice(hooksBefore).some(forModel('m2')) ? true : undefined), 'the restarted process to deliver m2', 60_000);
    await new Promise((r) => setTimeout(r, 3000));
    // Nothing delivered before the restart went out again.
    expect(webhook.requests.slice(hooksBefore).filter(forModel('m1'))).toEqual([]);
    expect(pagerduty.requests.slice(pdBefore).filter(forModel('m1'))).toEqual([]);
    expect(pagerduty.requests.filter(forModel('m2')).filter((r) => (r.json as { event_action: string }).event_action === 'trigger')).toHaveLength(1);
    // The restarted process rebuilt both firing alerts from the alerts topic.
    const active = (await (await fetch(`http://127.0.0.1:${apiPort}/api/v1/alerts`)).json()) as { alerts: { labels: Record<string, string>; state: string }[] };
    expect(active.alerts.filter((a) => a.labels.alertname === 'error-rate').map((a) => a.labels.model_id).sort()).toEqual(['m1', 'm2']);
    // The outbox row of the restart-spanning delivery ends delivered.
    const outbox = await rows<{ status: string }>(`SELECT status FROM notification_outbox FINAL WHERE group_key LIKE '%m2%' AND kind = 'webhook'`);
    expect(outbox.map((o) => o.status)).toEqual(['delivered']);
  });

  async function rows<T>(query: string): Promise<T[]> {
    const warehouse = running!.modules.use(WAREHOUSE)!;
    const result = await warehouse.client.query({ query, format: 'JSONEachRow' });
    return result.json<T>();
  }
});
