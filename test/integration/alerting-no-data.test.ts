import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startModelwatchForTest, type ModelwatchUnderTest } from '../support/modelwatch-under-test.ts';
import { RecordingHttpServer } from '../support/recording-http-server.ts';
import { waitFor } from '../support/wait-for.ts';

/**
 * The scheduled no-data rule with node-cron against real Kafka and chDB: a model that sent
 * events and then went silent alerts once its silence passes `after`, and resolves when it
 * sends again. The facts come from the same warehouse query as in production.
 */
describe('no-data alerts on a schedule', () => {
  let mw: ModelwatchUnderTest;
  let webhook: RecordingHttpServer;

  beforeAll(async () => {
    webhook = await new RecordingHttpServer().start();
    const dir = mkdtempSync(join(tmpdir(), 'modelwatch-nodata-'));
    const rules = join(dir, 'rules.yaml');
    writeFileSync(rules, 'rules:\n  - { id: no-data, kind: no_data, after: 4s, severity: critical }\n');
    const routing = join(dir, 'routing.yaml');
    writeFileSync(routing, `route:\n  receiver: hook\n  group_by: [alertname, model_id]\n  group_wait: 0s\n  group_interval: 1s\nreceivers:\n  - name: hook\n    webhook_configs: [{ url: "${webhook.url}/hook" }]\n`);
    mw = await startModelwatchForTest({
      MODELWATCH_TARGETS: 'ingest,alerts',
      MODELWATCH_ALERTS_RULES_FILE: rules,
      MODELWATCH_ALERTS_ROUTING_FILE: routing,
      MODELWATCH_ALERTS_CHECK_CRON: '* * * * * *',
      MODELWATCH_WEBHOOK_SECRET: 'no-data-secret',
    });
  }, 120_000);

  afterAll(async () => {
    await mw?.stop();
    await webhook?.stop();
  });

  const send = async (model: string, n: number) => {
    const kafka = new Kafka({ clientId: 'no-data-test', brokers: [...mw.config.kafka.brokers], logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: mw.topics.inference,
      messages: Array.from({ length: n }, (_, i) => ({
        key: `${model}-${Date.now()}-${i}`,
        value: JSON.stringify({ model_id: model, model_version: '1', prediction_id: `${model}-${Date.now()}-${i}`, timestamp: Date.now(), features: { x: i }, prediction: 1 }),
      })),
    });
    await producer.disconnect();
  };
  const about = (model: string, status: string) => webhook.requests.filter((r) => {
    const body = r.json as { status?: string; alerts?: { labels: Record<string, string> }[] } | null;
    return body?.status === status && body.alerts?.some((a) => a.labels.alertname === 'no-data' && a.labels.model_id === model);
  });

  it('fires for a model silent longer than `after`, not for one still sending, and resolves when it sends again', { timeout: 90_000 }, async () => {
    await send('goes-quiet', 5);
    const stored = await waitFor(async () => {
      const [row] = await mw.rows<{ n: string }>(`SELECT count() AS n FROM inference_events WHERE model_id = 'goes-quiet'`);
      return Number(row?.n) === 5 ? Date.now() : undefined;
    }, 'the events to be stored', 30_000);
    // Another model keeps sending every second throughout.
    let keepSending = true;
    const steady = (async () => {
      while (keepSending) {
        await send('keeps-sending', 1);
        await new Promise((r) => setTimeout(r, 1000));
      }
    })();

    const fired = await waitFor(async () => about('goes-quiet', 'firing')[0], 'a no-data notification', 30_000);
    expect(fired.at - stored).toBeGreaterThanOrEqual(3_000);
    expect(about('keeps-sending', 'firing')).toEqual([]);

    await send('goes-quiet', 1);
    await waitFor(async () => about('goes-quiet', 'resolved')[0], 'the no-data alert to resolve', 30_000);
    keepSending = false;
    await steady;
    expect(about('goes-quiet', 'firing')).toHaveLength(1);
    expect(about('keeps-sending', 'firing')).toEqual([]);
  });
});
