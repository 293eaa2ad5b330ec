import { createServer } from 'node:net';
import type { webApi } from '@slack/bolt';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DeliveryError } from '../channels/notifier.ts';
import { ACTION_IDS, decodeSilenceValue } from './alert-message.ts';
import { SlackNotifier, createSlackClient } from './slack-notifier.ts';
import { FakeSlackApi } from './test-support/fake-slack-api.ts';
import { GROUP_KEY, alert, context, notification } from './test-support/fixtures.ts';

type Block = { type: string; block_id?: string; text?: { text: string }; fields?: { text: string }[]; elements?: Record<string, unknown>[] };

let api: FakeSlackApi;
let notifier: SlackNotifier;

function client(url: string): webApi.WebClient {
  return createSlackClient({ botToken: 'xoxb-test', apiUrl: url });
}

beforeAll(async () => {
  api = await new FakeSlackApi().start();
});
afterAll(async () => {
  await api.stop();
});
beforeEach(() => {
  api.calls.length = 0;
  notifier = new SlackNotifier({ client: client(api.apiUrl), channel: 'C0ALERTS' });
});

function blocksOf(body: Record<string, unknown>): Block[] {
  return body['blocks'] as Block[];
}
function buttons(blocks: Block[]): Record<string, unknown>[] {
  return blocks.find((b) => b.type === 'actions')?.elements ?? [];
}
function allText(blocks: Block[]): string {
  return JSON.stringify(blocks);
}

describe('SlackNotifier', () => {
  it('posts the first notification of a group with header, alert fields, sparkline and buttons, and keeps channel and ts', async () => {
    const data = await notifier.send(notification(), context());
    expect(notifier.kind).toBe('slack');
    const [call, ...rest] = api.calls;
    expect(rest).toEqual([]);
    expect(call?.method).toBe('chat.postMessage');
    expect(call?.authorization).toBe('Bearer xoxb-test');
    expect(call?.body['channel']).toBe('C0ALERTS');
    expect(call?.body['thread_ts']).toBeUndefined();
    expect(call?.body['text']).toBe('[CRITICAL] FIRING: accuracy_drop · fraud-detector (1 firing)');

    const blocks = blocksOf(call!.body);
    expect(blocks[0]).toMatchObject({ type: 'header', text: { text: '🔴 CRITICAL · FIRING: accuracy_drop · fraud-detector' } });
    const section = blocks.find((b) => b.type === 'section' && b.fields !== undefined)!;
    expect(section.text?.text).toContain('Accuracy fell below 0.85');
    expect(section.fields?.map((f) => f.text)).toEqual([
      '*Model*\nfraud-detector',
      '*Version*\n7',
      '*Segment*\ncountry=DE',
      '*Metric*\naccuracy',
      '*Value*\n0.81',
      '*Threshold*\n0.85',
      '*Window*\n2024-05-01 11:00–12:00 UTC',
    ]);
    const chart = blocks.find((b) => b.block_id === 'modelwatch_chart')!;
    expect(chart.text?.text).toContain('```█▇▇ ▆▅▃▁```');
    expect(chart.text?.text).toContain('min 0.81 · max 0.93 · last 0.81 · threshold 0.85');
    expect(chart.text?.text).toContain('sparkline');

    const bs = buttons(blocks);
    expect(bs.map((b) => b['action_id'])).toEqual([ACTION_IDS.acknowledge, ACTION_IDS.silence1h, ACTION_IDS.silence24h, ACTION_IDS.resolve, ACTION_IDS.runbook]);
    expect(bs[0]?.['value']).toBe(GROUP_KEY);
    expect(bs[3]?.['value']).toBe(GROUP_KEY);
    expect(decodeSilenceValue(bs[1]?.['value'] as string)).toEqual({ groupKey: GROUP_KEY, matchers: ['alertname="accuracy_drop"', 'model_id="fraud-detector"'] });
    expect(bs[4]?.['url']).toBe('https://runbooks.example.com/accuracy-drop');

    expect(data).toEqual({ channel: 'C0ALERTS', ts: expect.stringMatching(/^\d+\.\d{6}$/), status: 'firing', firing: 'aaaaaaaaaaaa' });
  });

  it('lists up to 10 alerts and says how many more there are; no chart without history', async () => {
    const alerts = Array.from({ length: 12 }, (_, i) => alert({ fingerprint: `f${String(i).padStart(15, '0')}` }));
    await notifier.send(notification({ alerts }), context({ history: [] }));
    const blocks = blocksOf(api.calls[0]!.body);
    expect(blocks.filter((b) => b.type === 'section' && b.fields !== undefined)).toHaveLength(10);
    expect(allText(blocks)).toContain('and 2 more alerts in this group');
    expect(blocks.find((b) => b.block_id === 'modelwatch_chart')).toBeUndefined();
  });

  it('replies in the thread with the change and updates the parent for later notifications of the group', async () => {
    const first = await notifier.send(notification(), context());
    const second = notification({
      id: 'n-2',
      reason: 'new_alerts_in_group',
      alerts: [alert({ fingerprint: 'aaaaaaaaaaaaaaaa1111' }), alert({ fingerprint: 'bbbbbbbbbbbbbbbb2222', labels: { alertname: 'accuracy_drop', severity: 'critical', model_id: 'fraud-detector', model_version: '7', segment: 'country=FR', metric: 'accuracy' }, value: 0.79 })],
    });
    const data = await notifier.send(second, context({ previous: first }));
    const [, update, reply] = api.calls;
    expect(update?.method).toBe('chat.update');
    expect(update?.body).toMatchObject({ channel: 'C0ALERTS', ts: first['ts'] });
    expect(update?.body['text']).toBe('[CRITICAL] FIRING: accuracy_drop · fraud-detector (2 firing)');
    expect(blocksOf(update!.body).filter((b) => b.fields !== undefined)).toHaveLength(2);
    expect(reply?.method).toBe('chat.postMessage');
    expect(reply?.body).toMatchObject({ channel: 'C0ALERTS', thread_ts: first['ts'] });
    expect(reply?.body['text']).toContain('1 new alert firing');
    expect(reply?.body['text']).toContain('country=FR');
    expect(reply?.body['text']).not.toContain('country=DE');
    expect(data).toMatchObject({ channel: 'C0ALERTS', ts: first['ts'], firing: 'aaaaaaaaaaaa,bbbbbbbbbbbb' });

    // Acknowledged: the parent shows who took it and loses its Acknowledge button.
    const acked = await notifier.send(notification({ id: 'n-3', status: 'acknowledged', reason: 'acknowledged', acknowledgedBy: 'U123', alerts: second.alerts }), context({ previous: data }));
    const [ackUpdate, ackReply] = api.calls.slice(3);
    const ackBlocks = blocksOf(ackUpdate!.body);
    expect(ackBlocks[0]?.text?.text).toMatch(/^👀 CRITICAL · ACKNOWLEDGED/);
    expect(allText(ackBlocks)).toContain('Acknowledged by <@U123>');
    expect(buttons(ackBlocks).map((b) => b['action_id'])).not.toContain(ACTION_IDS.acknowledge);
    expect(ackReply?.body).toMatchObject({ thread_ts: first['ts'] });
    expect(ackReply?.body['text']).toContain('Acknowledged by <@U123>');

    // Escalated.
    await notifier.send(notification({ id: 'n-4', reason: 'escalation', alerts: second.alerts }), context({ previous: acked }));
    expect(api.calls[6]?.body['text']).toContain('Escalated');

    // Resolved: only the runbook button remains; the thread says so.
    const resolvedAlerts = second.alerts.map((a) => ({ ...a, state: 'resolved' as const, endsAt: a.startsAt + 600_000 }));
    const done = await notifier.send(notification({ id: 'n-5', status: 'resolved', reason: 'all_alerts_resolved', alerts: resolvedAlerts }), context({ previous: acked }));
    const [doneUpdate, doneReply] = api.calls.slice(7);
    expect(blocksOf(doneUpdate!.body)[0]?.text?.text).toMatch(/^✅ CRITICAL · RESOLVED/);
    expect(buttons(blocksOf(doneUpdate!.body)).map((b) => b['action_id'])).toEqual([ACTION_IDS.runbook]);
    expect(doneReply?.body['text']).toContain('All 2 alerts resolved');
    expect(done).toMatchObject({ ts: first['ts'], status: 'resolved', firing: '' });
    expect(api.calls).toHaveLength(9);

    // Firing again after it resolved: a new parent message.
    const again = await notifier.send(notification({ id: 'n-6', reason: 'new_alerts_in_group' }), context({ previous: done }));
    expect(api.calls.slice(9).map((c) => [c.method, c.body['thread_ts']])).toEqual([['chat.postMessage', undefined]]);
    expect(again['ts']).not.toBe(first['ts']);
  });

  it('posts a new parent when the old one was deleted', async () => {
    api.failNext('chat.update', { body: { ok: false, error: 'message_not_found' } });
    const data = await notifier.send(notification({ reason: 'repeat_interval_elapsed' }), context({ previous: { channel: 'C0ALERTS', ts: '1.000001' } }));
    expect(api.calls.map((c) => c.method)).toEqual(['chat.update', 'chat.postMessage']);
    expect(api.calls[1]?.body['thread_ts']).toBeUndefined();
    expect(data['ts']).not.toBe('1.000001');
  });

  it.each([
    ['ok:false ratelimited', true, { body: { ok: false, error: 'ratelimited' } }],
    ['HTTP 429 with Retry-After', true, { status: 429, headers: { 'retry-after': '30' }, body: { ok: false, error: 'ratelimited' } }],
    ['HTTP 503', true, { status: 503, body: { ok: false } }],
    ['ok:false internal_error', true, { body: { ok: false, error: 'internal_error' } }],
    ['channel_not_found', false, { body: { ok: false, error: 'channel_not_found' } }],
    ['invalid_auth', false, { body: { ok: false, error: 'invalid_auth' } }],
    ['not_in_channel', false, { body: { ok: false, error: 'not_in_channel' } }],
  ])('turns %s into a DeliveryError with retryable=%s', async (_name, retryable, reply) => {
    api.failNext('chat.postMessage', reply);
    const error = await notifier.send(notification(), context()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).retryable).toBe(retryable);
  });

  it('names the fix for errors that need one', async () => {
    api.failNext('chat.postMessage', { body: { ok: false, error: 'not_in_channel' } });
    const error = (await notifier.send(notification(), context()).catch((e: unknown) => e)) as DeliveryError;
    expect(error.message).toContain('not_in_channel');
    expect(error.message).toContain('/invite');
  });

  it('treats an unreachable Slack as retryable', async () => {
    const port = await closedPort();
    const offline = new SlackNotifier({ client: client(`http://127.0.0.1:${port}/api/`), channel: 'C0ALERTS' });
    const error = await offline.send(notification(), context()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).retryable).toBe(true);
  });

  it('gives up, retryably, when the attempt is cancelled', async () => {
    const controller = new AbortController();
    controller.abort(new Error('deadline'));
    const error = await notifier.send(notification(), context({ signal: controller.signal })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).retryable).toBe(true);
    expect(api.calls).toEqual([]);
  });
});

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
