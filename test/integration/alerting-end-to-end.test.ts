import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSlackRequest } from '@modelwatch/alerts';
import { FakeSlackApi, type RecordedCall } from '../../services/alerts/src/slack/test-support/fake-slack-api.ts';
import { freePort } from '../support/free-port.ts';
import { startModelwatchForTest, type ModelwatchUnderTest } from '../support/modelwatch-under-test.ts';
import { RecordingHttpServer } from '../support/recording-http-server.ts';
import { TestSmtpServer } from '../support/test-smtp-server.ts';
import { closeAllWindows, runSimulator } from '../support/simulator-run.ts';
import { waitFor } from '../support/wait-for.ts';
import { readModelActivity } from '../../services/alerts/src/checks/model-activity-query.ts';
import { readDigestModels } from '../../services/alerts/src/digest/digest-query.ts';

const HOUR = 3_600_000;
const WINDOW = 5 * 60_000;
const DURATION = 4 * HOUR;
/** Simulated seconds per real second: four hours in about 90 s, so escalation (8 s) and acknowledgement happen while alerts fire. */
const SPEED = 160;
const SIGNING_SECRET = 'e2e-signing-secret';
const ONCALL = 'UONCALL1';
const ESCALATE_AFTER_S = 8;

/**
 * The whole loop against real Kafka, chDB, a real SMTP server, the real Bolt app and local
 * stand-ins for Slack's Web API and PagerDuty: the simulator injects covariate drift into
 * fraud-detector and an error burst into delivery-eta; each alert fires in its windows, once per
 * group, and reaches Slack, email and PagerDuty; an acknowledged group does not escalate, the
 * other does and is then acknowledged; when the problems end the alerts resolve everywhere.
 */
describe('alerting end to end', () => {
  let mw: ModelwatchUnderTest;
  let slack: FakeSlackApi;
  let smtp: TestSmtpServer;
  let pagerduty: RecordingHttpServer;
  let botPort: number;
  let start: number;

  beforeAll(async () => {
    slack = await new FakeSlackApi().start();
    smtp = await new TestSmtpServer().start();
    pagerduty = await new RecordingHttpServer().start();
    botPort = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'modelwatch-e2e-'));
    const routingFile = join(dir, 'routing.yaml');
    writeFileSync(
      routingFile,
      [
        'route:',
        '  receiver: oncall',
        '  group_by: [alertname, model_id]',
        '  group_wait: 1s',
        '  group_interval: 5s',
        '  repeat_interval: 4h',
        '  escalation:',
        `    after: ${ESCALATE_AFTER_S}s`,
        '    receiver: pager',
        '    matchers: [\'alertname=~"data-drift|error-rate"\']',
        'receivers:',
        '  - name: oncall',
        '    slack_configs: [{ channel: "#ml-oncall" }]',
        '    email_configs: [{ to: [oncall@example.test] }]',
        '  - name: pager',
        '    pagerduty_configs: [{}]',
        '',
      ].join('\n'),
    );
    mw = await startModelwatchForTest(
      {
        MODELWATCH_METRICS_WINDOW_MS: String(WINDOW),
        MODELWATCH_METRICS_ALLOWED_LATENESS_MS: String(WINDOW),
        MODELWATCH_METRICS_IDLE_TIMEOUT_MS: '2000',
        MODELWATCH_METRICS_FLUSH_INTERVAL_MS: '300',
        MODELWATCH_METRICS_REFERENCE_WINDOW_MS: String(HOUR),
        MODELWATCH_ALERTS_ROUTING_FILE: routingFile,
        MODELWATCH_SLACK_BOT_TOKEN: 'xoxb-e2e',
        MODELWATCH_SLACK_SIGNING_SECRET: SIGNING_SECRET,
        MODELWATCH_SLACK_API_URL: slack.apiUrl,
        MODELWATCH_SLACK_PORT: String(botPort),
        MODELWATCH_SMTP_HOST: '127.0.0.1',
        MODELWATCH_SMTP_PORT: String(smtp.port),
        MODELWATCH_SMTP_USER: smtp.user,
        MODELWATCH_SMTP_PASSWORD: smtp.password,
        MODELWATCH_EMAIL_FROM: 'modelwatch@example.test',
        MODELWATCH_PAGERDUTY_ROUTING_KEY: 'R0UT1NGKEY0000000000000000000000',
        MODELWATCH_PAGERDUTY_URL: `${pagerduty.url}/v2/enqueue`,
      },
      { alerts: { slack: { users: [{ slack_user: ONCALL, role: 'oncall' }] } } },
    );
    // Simulated time ends now, so nothing is in the future and labels are never overdue.
    start = Math.floor((Date.now() - DURATION) / WINDOW) * WINDOW;
  }, 180_000);

  afterAll(async () => {
    await mw?.stop();
    await slack?.stop();
    await smtp?.stop();
    await pagerduty?.stop();
  });

  it('fires in the drift windows, notifies each group once, escalates what is not acknowledged, and resolves', { timeout: 400_000 }, async () => {
    const at = (share: number) => start + share * DURATION;
    const exited = runSimulator(mw, [
      '--models', '4', '--rate', '6', '--duration', '4h', '--speed', String(SPEED), '--seed', '20261128',
      '--start', new Date(start).toISOString(), '--label-delay', '2m', '--never-labelled', '0.2',
      '--covariate-drift', 'model=fraud-detector,feature=amount,shift=3,from=50%,to=80%',
      '--error-burst', 'model=delivery-eta,rate=0.5,from=55%,to=85%',
    ]);

    const parentOf = (alertname: string, model: string) => (c: RecordedCall) =>
      c.method === 'chat.postMessage' && c.body.thread_ts === undefined && groupKeyOf(c)?.includes(`alertname="${alertname}"`) === true && groupKeyOf(c)?.includes(`model_id="${model}"`) === true;

    // The drift group reaches Slack; an on-call engineer acknowledges it at once.
    const driftMessage = await slack.waitFor(parentOf('data-drift', 'fraud-detector'), 150_000);
    const driftGroup = groupKeyOf(driftMessage)!;
    const ack = await clickAcknowledge(botPort, driftGroup, slack);
    expect(ack.status).toBe(200);

    // The error burst reaches Slack and is left alone: it escalates to PagerDuty.
    const burstMessage = await slack.waitFor(parentOf('error-rate', 'delivery-eta'), 150_000);
    const burstGroup = groupKeyOf(burstMessage)!;
    const trigger = await waitFor(async () => pagerduty.requests.find((r) => pd(r).event_action === 'trigger' && pd(r).dedup_key === burstGroup), 'the burst to escalate to PagerDuty', 60_000);
    expect(pd(trigger).payload.severity).toBe('critical');
    expect(pd(trigger).routing_key).toBe('R0UT1NGKEY0000000000000000000000');
    expect(pd(trigger).payload.custom_details.alerts[0]?.labels.model_id).toBe('delivery-eta');

    // Then someone acknowledges the burst from Slack: PagerDuty hears it under the same key.
    expect((await clickAcknowledge(botPort, burstGroup, slack)).status).toBe(200);
    await waitFor(async () => pagerduty.requests.find((r) => pd(r).event_action === 'acknowledge' && pd(r).dedup_key === burstGroup), 'PagerDuty to be told of the acknowledgement', 30_000);

    const { code, output } = await exited;
    expect(code, output).toBe(0);
    // A tick far ahead on every partition closes the last windows.
    await closeAllWindows(mw, start + DURATION + 24 * HOUR);

    // Both resolve: PagerDuty resolves the escalated incident, Slack hears it in the thread, email too.
    await waitFor(async () => pagerduty.requests.find((r) => pd(r).event_action === 'resolve' && pd(r).dedup_key === burstGroup), 'PagerDuty resolve for the burst', 120_000);
    const driftResolved = await slack.waitFor(
      (c) => c.method === 'chat.postMessage' && c.body.thread_ts === driftMessage.body.ts && JSON.stringify(c.body).toLowerCase().includes('resolved'),
      120_000,
    );
    expect(driftResolved.body.channel).toBeDefined();

    // The acknowledged drift group never went to PagerDuty.
    expect(pagerduty.requests.filter((r) => pd(r).dedup_key === driftGroup)).toEqual([]);
    // One parent message per group: later news (more features drifting, acknowledged, resolved) goes to its thread.
    expect(slack.calls.filter(parentOf('data-drift', 'fraud-detector'))).toHaveLength(1);
    expect(slack.calls.filter(parentOf('error-rate', 'delivery-eta'))).toHaveLength(1);
    expect(slack.calls.filter((c) => c.method === 'chat.postMessage' && c.body.thread_ts === driftMessage.body.ts).length).toBeGreaterThan(0);
    // Email: every mail of the group is in one thread, its first mail being the root.
    const subjects = smtp.messages.map((m) => m.subject ?? '');
    await waitFor(async () => smtp.messages.find((m) => (m.subject ?? '').startsWith('[RESOLVED] data-drift fraud-detector')), 'the drift group to resolve by email', 120_000);
    const driftMails = smtp.messages.filter((m) => (m.subject ?? '').includes('data-drift fraud-detector'));
    expect(driftMails.filter((m) => (m.subject ?? '').startsWith('[FIRING')).length, subjects.join('\n')).toBeGreaterThan(0);
    expect(driftMails.some((m) => (m.subject ?? '').startsWith('[RESOLVED')), subjects.join('\n')).toBe(true);
    const roots = new Set(driftMails.map((m) => [m.references ?? []].flat()[0] ?? m.messageId));
    expect(roots.size).toBe(1);
    expect(driftMails.slice(1).every((m) => m.inReplyTo !== undefined)).toBe(true);
    const firingMail = driftMails.find((m) => (m.subject ?? '').startsWith('[FIRING'))!;
    expect(firingMail.text).toContain('amount');
    expect(firingMail.html || '').toContain('fraud-detector');

    // The alert history: fired inside the drift, within its first windows, and resolved after it.
    const history = await mw.rows<{ state: string; window_start: string; feature: string }>(
      `SELECT state, toUnixTimestamp64Milli(window_start) AS window_start, labels['feature'] AS feature FROM alerts FINAL
       WHERE rule_id = 'data-drift' AND model_id = 'fraud-detector' ORDER BY timestamp`,
    );
    const fired = history.filter((h) => h.state === 'firing' && h.feature === 'amount').map((h) => Number(h.window_start));
    expect(fired.length).toBeGreaterThan(0);
    expect(Math.min(...fired)).toBeGreaterThanOrEqual(at(0.5));
    expect(Math.min(...fired)).toBeLessThan(at(0.5) + 4 * WINDOW);
    const resolved = history.filter((h) => h.state === 'resolved' && h.feature === 'amount').map((h) => Number(h.window_start));
    expect(Math.max(...resolved)).toBeGreaterThanOrEqual(at(0.8));

    // The first message carried a chart of the metric's recent windows (read from model_metrics).
    expect(JSON.stringify(driftMessage.body.blocks)).toMatch(/[▁▂▃▄▅▆▇█]/);
    // `/modelwatch status` reads the newest window from the warehouse.
    const status = await slashCommand(botPort, 'status fraud-detector', slack);
    expect(status).toContain('fraud-detector');
    expect(status).toMatch(/throughput|accuracy/);
    // The scheduled checks' facts and the digest's figures come from real queries on the same data.
    const activity = await readModelActivity(mw.warehouse, 7 * 24 * HOUR, Date.now());
    const fraud = activity.find((a) => a.modelId === 'fraud-detector');
    expect(fraud?.everLabelled).toBe(true);
    expect(Date.now() - (fraud?.lastEventAt ?? 0)).toBeLessThan(10 * 60_000);
    const digest = await readDigestModels(mw.warehouse, start, Date.now() + HOUR, new Map());
    const fraudDay = digest.find((m) => m.modelId === 'fraud-detector');
    expect(fraudDay?.windows).toBeGreaterThan(40);
    expect(fraudDay?.driftedFeatures).toContain('amount');
    expect(fraudDay?.alertsFired).toBeGreaterThan(0);

    // Every action is on the control log with who did it.
    const acks = await readControl(mw, 'alert.acknowledged');
    expect(acks.map((e) => e.actor.id)).toEqual([ONCALL, ONCALL]);
    expect(acks.every((e) => e.actor.via === 'slack' && e.actor.role === 'oncall')).toBe(true);
  });
});

interface PagerDutyBody {
  routing_key: string;
  event_action: string;
  dedup_key: string;
  payload: { severity: string; custom_details: { alerts: { labels: Record<string, string> }[] } };
}

function pd(request: { json: unknown }): PagerDutyBody {
  return (request.json ?? {}) as PagerDutyBody;
}

/** The group key carried by a Slack alert message's Acknowledge button. */
function groupKeyOf(call: RecordedCall): string | undefined {
  const blocks = call.body.blocks as { type: string; elements?: { action_id?: string; value?: string }[] }[] | undefined;
  const ackButton = blocks?.flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'modelwatch_acknowledge');
  return ackButton?.value;
}

let responses = 0;
/** A signed block_actions request, as Slack sends when someone clicks Acknowledge. */
async function clickAcknowledge(port: number, groupKey: string, slack: FakeSlackApi): Promise<{ status: number }> {
  const payload = {
    type: 'block_actions',
    user: { id: ONCALL, username: 'oncall', name: 'oncall', team_id: 'T0001' },
    api_app_id: 'A0001',
    token: 'legacy',
    container: { type: 'message', message_ts: '1714564800.000001', channel_id: 'C0ALERTS', is_ephemeral: false },
    trigger_id: '1.2.3',
    team: { id: 'T0001', domain: 'acme' },
    channel: { id: 'C0ALERTS', name: 'ml-oncall' },
    message: { type: 'message', ts: '1714564800.000001', text: 'alert', blocks: [] },
    response_url: slack.responseUrl(`e2e-${++responses}`),
    actions: [{ type: 'button', block_id: 'modelwatch_actions', action_id: 'modelwatch_acknowledge', value: groupKey, action_ts: String(Date.now() / 1000) }],
  };
  const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const ts = Math.floor(Date.now() / 1000);
  const res = await fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': signSlackRequest(SIGNING_SECRET, ts, body),
    },
    body,
  });
  return { status: res.status };
}

/** A signed `/modelwatch` slash command; returns the text the bot posted to the response URL. */
async function slashCommand(port: number, text: string, slack: FakeSlackApi): Promise<string> {
  const id = `e2e-${++responses}`;
  const body = new URLSearchParams({
    token: 'legacy', team_id: 'T0001', team_domain: 'acme', channel_id: 'C0ALERTS', channel_name: 'ml-oncall', user_id: ONCALL, user_name: 'oncall',
    command: '/modelwatch', text, api_app_id: 'A0001', response_url: slack.responseUrl(id), trigger_id: '1.2.3',
  }).toString();
  const ts = Math.floor(Date.now() / 1000);
  const res = await fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signSlackRequest(SIGNING_SECRET, ts, body) },
    body,
  });
  expect(res.status).toBe(200);
  const reply = await slack.waitFor((c) => c.path === `/respond/${id}`, 20_000);
  return String(reply.body.text ?? '');
}

async function readControl(mw: ModelwatchUnderTest, type: string): Promise<{ type: string; actor: { id: string; role: string | null; via: string } }[]> {
  const { Kafka } = await import('kafkajs');
  const kafka = new Kafka({ clientId: 'e2e-control', brokers: [...mw.config.kafka.brokers], logLevel: 1 });
  const consumer = kafka.consumer({ groupId: `e2e-control-${Date.now()}` });
  const events: { type: string; actor: { id: string; role: string | null; via: string } }[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic: mw.topics.control, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => void events.push(JSON.parse(message.value!.toString())) });
  await waitFor(async () => (events.filter((e) => e.type === type).length >= 2 ? true : undefined), `control events ${type}`, 20_000);
  await consumer.disconnect();
  return events.filter((e) => e.type === type);
}
