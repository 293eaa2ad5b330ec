import { spawn } from 'node:child_process';
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
 * rules; bad requests are refused with the fix and logged; every change is on the control log
 * with its actor; a rule put through the API and a silence take effect on the next metric
 * events; no silence or model id can stall the process.
 */
describe('the alerts API', () => {
  let mw: ModelwatchUnderTest;
  let webhook: RecordingHttpServer;
  let api: string;
  let logs: CapturedLogs;
  const start = Math.floor(Date.now() / MINUTE) * MINUTE - 60 * MINUTE;

  beforeAll(async () => {
    logs = captureLogs();
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
        // Refused requests are logged at info (warn for 401 and 403); captureLogs keeps info off the console.
        MODELWATCH_LOG_LEVEL: 'info',
      },
      { alerts: { api: { tokens: Object.entries(TOKENS).map(([role, token]) => ({ name: `${role}-client`, token_sha256: sha(token), role })) } } },
    );
  }, 120_000);

  afterAll(async () => {
    await mw?.stop();
    await webhook?.stop();
    logs?.restore();
  });

  /** Sends `rawBody` as it is (it need not be JSON). */
  const send = async (method: string, path: string, token: string | undefined, rawBody?: string) => {
    const res = await fetch(`${api}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(rawBody !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(rawBody !== undefined ? { body: rawBody } : {}),
    });
    const text = await res.text();
    return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };
  const call = (method: string, path: string, token: string | undefined, body?: unknown) => send(method, path, token, body === undefined ? undefined : JSON.stringify(body));

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

  it('refuses a silence that could mute every alert, as Slack does, and one shorter than a minute or longer than 30 days', async () => {
    for (const matchers of [['alertname=~".+"'], ['alertname!=""'], ['alertname=~".+"', 'severity!="none"']]) {
      const refused = await call('POST', '/silences', TOKENS.oncall, { matchers, duration: '1h' });
      expect(refused.status, JSON.stringify(matchers)).toBe(400);
      expect(String(refused.json.error)).toContain('give at least one label="value" matcher, e.g. model_id="fraud-detector"');
    }
    for (const duration of [1, 59_999, '30s', '31d']) {
      const refused = await call('POST', '/silences', TOKENS.oncall, { matchers: ['model_id="m1"'], duration });
      expect(refused.status, String(duration)).toBe(400);
      expect(String(refused.json.error)).toContain('a silence lasts between one minute (1m) and 30 days (30d)');
    }
    const shortest = await call('POST', '/silences', TOKENS.oncall, { matchers: ['model_id="m1"'], duration: 60_000 });
    expect(shortest.status).toBe(201);
    expect(shortest.json.endsAt).toBeTypeOf('number');
  });

  it('refuses regexes RE2 cannot run (lookaround, backreferences), naming the fix', async () => {
    for (const regex of ['(?!amount).*', '(a)\\\\1']) {
      const refused = await call('POST', '/silences', TOKENS.oncall, { matchers: ['model_id="m1"', `feature=~"${regex}"`], duration: '1h' });
      expect(refused.status, regex).toBe(400);
      expect(String(refused.json.error)).toContain('backreferences (\\1) and lookaround ((?=, (?!, (?<=, (?<!) are not supported');
    }
  });

  it('answers malformed requests with a 400 that names what is wrong, and logs each without the token', async () => {
    const before = logs.entries.length;
    const cases = [
      { request: () => send('POST', '/silences', TOKENS.oncall, 'null'), error: 'the body is null; send a JSON object' },
      { request: () => send('PUT', '/rules/x', TOKENS.admin, '[1]'), error: 'the body is a list; send a JSON object' },
      { request: () => send('POST', '/silences', TOKENS.oncall, '{"matchers": '), error: 'the body is not JSON' },
      { request: () => send('GET', '/rules/%zz', TOKENS.viewer), error: 'the path has a bad percent-encoding' },
      { request: () => send('DELETE', '/silences/%E0%A4%A', TOKENS.oncall), error: 'the path has a bad percent-encoding' },
      { request: () => call('POST', '/silences', TOKENS.oncall, { matchers: 'model_id="m1"', duration: '1h' }), error: 'matchers: give a list of matcher strings' },
      { request: () => call('POST', '/silences', TOKENS.oncall, { matchers: ['model_id="m1"'], duration: '1ms' }), error: 'duration: give a duration such as 30m' },
    ];
    for (const { request, error } of cases) {
      const answer = await request();
      expect(answer.status, error).toBe(400);
      expect(String(answer.json.error)).toContain(error);
    }
    const refusals = await waitFor(async () => {
      const found = logs.entries.slice(before).filter((e) => e.msg === 'refused an alerts API request');
      return found.length >= cases.length ? found : undefined;
    }, 'a log line for each refused request', 5_000);
    expect(refusals.map((e) => [e.level, e.status])).toEqual(cases.map(() => ['info', 400]));
    expect(refusals.map((e) => e.reason)).toEqual(cases.map(({ error }) => expect.stringContaining(error)));
    expect(refusals.find((e) => e.method === 'GET')?.path).toBe('/api/v1/rules/%zz');
    const text = JSON.stringify(logs.entries);
    for (const token of Object.values(TOKENS)) expect(text).not.toContain(token);
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

  it('does not stall on a silence with a nested quantifier and model ids built to make it backtrack: /healthz answers within 50 ms', { timeout: 180_000 }, async () => {
    const rule = await call('PUT', '/rules/backtracking-bait', TOKENS.admin, { select: { metric: 'latency_p99_ms', model: 'a*' }, condition: { above: 250 }, severity: 'warning' });
    expect(rule.status).toBe(200);
    // The regex comes first and the alertname matches, so every check of these alerts runs it.
    const silence = await call('POST', '/silences', TOKENS.oncall, { matchers: ['model_id=~"(a+)+"', 'alertname="backtracking-bait"'], duration: '1h' });
    expect(silence.status).toBe(201);
    // A backtracking engine takes about 0.7 s per check of one of these, twice that per further 'a'.
    const hostile = [0, 1, 2].map((i) => `${'a'.repeat(24)}!${i}`);
    const matching = 'aaaa';
    const topic = `${mw.config.kafka.topicPrefix}metrics`;
    await publishMetricEvents(mw.config.kafka.brokers, topic, [...hostile, matching].map((model) => metricEvent(model, start, [{ metric: 'latency_p99_ms', value: 900 }])));
    // Notified: routed through the silence, which does not match them.
    await waitFor(async () => (hostile.every((m) => webhook.requests.some((r) => r.body.includes(m))) ? true : undefined), 'the hostile models to notify', 120_000);
    const bait = async () => {
      const alerts = (await call('GET', '/alerts', TOKENS.viewer)).json.alerts as { labels: Record<string, string>; muted: { silencedBy: string[] } | null }[];
      return alerts.filter((a) => a.labels.alertname === 'backtracking-bait');
    };
    const alerts = await waitFor(async () => {
      const found = await bait();
      return found.length === hostile.length + 1 ? found : undefined;
    }, 'the alerts of the bait rule', 60_000);
    expect(alerts.find((a) => a.labels.model_id === matching)?.muted?.silencedBy).toEqual([silence.json.silenceId]);
    expect(alerts.filter((a) => hostile.includes(a.labels.model_id!)).map((a) => a.muted)).toEqual(hostile.map(() => null));

    // Each group runs its alerts through the silences every group_interval (1 s here), and every
    // GET /alerts does too: /healthz is asked throughout, from another process, as a load balancer would.
    const probe = await probeHealth(`${mw.running.ops.url}/healthz`);
    try {
      for (let i = 0; i < 8; i++) {
        expect(await bait()).toHaveLength(hostile.length + 1);
        await new Promise((r) => setTimeout(r, 500));
      }
    } finally {
      probe.stop();
    }
    const latencies = await probe.latencies;
    const slowest = Math.max(...latencies);
    expect(latencies.length).toBeGreaterThan(20);
    expect(slowest, `the slowest of ${latencies.length} /healthz requests took ${slowest.toFixed(1)} ms`).toBeLessThan(50);
  });
});

/**
 * Asks `url` again and again from a child process until stopped (at most 5 minutes); resolves
 * with each answer's latency in ms. A request waits as long as the server's event loop is busy.
 */
async function probeHealth(url: string): Promise<{ latencies: Promise<number[]>; stop(): void }> {
  const script = `
    const latencies = [];
    let stopped = false;
    process.stdin.on('data', () => { stopped = true; });
    process.stdin.on('end', () => { stopped = true; });
    (async () => {
      // The first fetch loads and connects the HTTP client; it is not timed.
      await (await fetch(process.argv[1])).text();
      process.stderr.write('ready\\n');
      const until = Date.now() + 300000;
      while (!stopped && Date.now() < until) {
        const started = performance.now();
        const res = await fetch(process.argv[1]);
        await res.text();
        if (res.status !== 200) throw new Error('/healthz answered ' + res.status);
        latencies.push(performance.now() - started);
        await new Promise((r) => setTimeout(r, 5));
      }
      process.stdout.write(JSON.stringify(latencies));
      process.stdin.destroy();
    })();`;
  const child = spawn(process.execPath, ['-e', script, url], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  const latencies = new Promise<number[]>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as number[]) : reject(new Error(`the /healthz probe exited with ${code}`))));
  });
  let err = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString('utf8');
      if (err.includes('ready\n')) resolve();
    });
    latencies.catch(reject);
  });
  return { latencies, stop: () => void child.stdin.end() };
}

interface CapturedLogs {
  /** Every JSON log line written so far. */
  readonly entries: Record<string, unknown>[];
  restore(): void;
}

/** Records modelwatch's log lines (it runs in this process); info and debug lines stay off the console. */
function captureLogs(): CapturedLogs {
  const entries: Record<string, unknown>[] = [];
  const original = process.stderr.write;
  process.stderr.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
    const entry = parseLogLine(chunk);
    if (entry) {
      entries.push(entry);
      if (entry.level === 'info' || entry.level === 'debug') return true;
    }
    return (original as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  } as typeof process.stderr.write;
  return { entries, restore: () => void (process.stderr.write = original) };
}

function parseLogLine(chunk: unknown): Record<string, unknown> | undefined {
  if (typeof chunk !== 'string' || !chunk.startsWith('{')) return undefined;
  try {
    const entry: unknown = JSON.parse(chunk);
    return typeof entry === 'object' && entry !== null && 'msg' in entry ? (entry as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

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
