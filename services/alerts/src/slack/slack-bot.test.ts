import type { Alert } from '@modelwatch/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CommandError, type Actor, type AlertCommands, type AlertingRole, type ModelStatus, type SilenceRequest } from './alert-commands.ts';
import { ACTION_IDS, ACTIONS_BLOCK_ID, renderAlertMessage, type KnownBlock } from './alert-message.ts';
import { startSlackBot, type SlackBot } from './slack-bot.ts';
import { signSlackRequest } from './slack-signature.ts';
import { FakeSlackApi, type RecordedCall } from './test-support/fake-slack-api.ts';
import { GROUP_KEY, T0, alert, context, notification } from './test-support/fixtures.ts';

const SECRET = 'test-signing-secret';
const NOW = T0 + 3_600_000;
const NOW_S = Math.floor(NOW / 1000);

type Call = { method: string; actor?: Actor; arg?: unknown };

/** Records every call; `nope` targets and model `ghost` answer with CommandError, as the real commands do. */
class FakeCommands implements AlertCommands {
  readonly calls: Call[] = [];
  async acknowledge(actor: Actor, target: string) {
    this.calls.push({ method: 'acknowledge', actor, arg: target });
    if (target === 'nope') throw new CommandError('no group or alert matches "nope"; /modelwatch alerts lists the fingerprints');
    return { groupKeys: [GROUP_KEY] };
  }
  async resolve(actor: Actor, target: string) {
    this.calls.push({ method: 'resolve', actor, arg: target });
    return { groupKeys: [target] };
  }
  async silence(actor: Actor, request: SilenceRequest) {
    this.calls.push({ method: 'silence', actor, arg: request });
    return { silenceId: 'sil-42', endsAt: NOW + request.durationMs };
  }
  async activeAlerts(): Promise<readonly Alert[]> {
    this.calls.push({ method: 'activeAlerts' });
    return [alert({ fingerprint: 'aaaaaaaaaaaaaaaa1111' }), alert({ fingerprint: 'bbbbbbbbbbbbbbbb2222', severity: 'warning', value: 0.84 })];
  }
  async modelStatus(modelId: string): Promise<ModelStatus> {
    this.calls.push({ method: 'modelStatus', arg: modelId });
    if (modelId === 'ghost') throw new CommandError('no model "ghost"; the models are fraud-detector, churn');
    return {
      modelId,
      lastWindowStart: T0,
      headline: [
        { metric: 'accuracy', feature: '', value: 0.81, status: 'alert' },
        { metric: 'psi', feature: 'amount', value: 0.31, status: 'drift' },
      ],
      activeAlerts: [alert({ fingerprint: 'aaaaaaaaaaaaaaaa1111' })],
    };
  }
}

const ROLES: Record<string, AlertingRole> = { UONCALL: 'oncall', UADMIN: 'admin', UVIEWER: 'viewer' };

let api: FakeSlackApi;
let bot: SlackBot;
let commands: FakeCommands;
let responseId = 0;

beforeAll(async () => {
  api = await new FakeSlackApi().start();
  commands = new FakeCommands();
  bot = await startSlackBot({
    botToken: 'xoxb-test',
    signingSecret: SECRET,
    apiUrl: api.apiUrl,
    host: '127.0.0.1',
    port: 0,
    commands,
    roles: (id) => ROLES[id],
    clock: () => NOW,
    log: silentLog(),
  });
});
afterAll(async () => {
  await bot?.stop();
  await api.stop();
});
beforeEach(() => {
  commands.calls.length = 0;
  api.calls.length = 0;
});

interface SendOptions {
  readonly timestamp?: number;
  readonly secret?: string;
  readonly unsigned?: boolean;
  /** Changes the body after signing it. */
  readonly tamper?: (body: string) => string;
  /** Rewrites the signature header after signing. */
  readonly rewriteSignature?: (signature: string) => string;
  readonly contentType?: string;
}

async function send(body: string, contentType: string, options: SendOptions = {}): Promise<{ status: number; text: string }> {
  const ts = String(options.timestamp ?? NOW_S);
  const headers: Record<string, string> = { 'content-type': options.contentType ?? contentType };
  if (!options.unsigned) {
    headers['x-slack-request-timestamp'] = ts;
    const signature = signSlackRequest(options.secret ?? SECRET, ts, body);
    headers['x-slack-signature'] = options.rewriteSignature ? options.rewriteSignature(signature) : signature;
  }
  const res = await fetch(bot.url, { method: 'POST', headers, body: options.tamper ? options.tamper(body) : body });
  return { status: res.status, text: await res.text() };
}

function nextResponseUrl(): { url: string; path: string } {
  responseId += 1;
  return { url: api.responseUrl(String(responseId)), path: `/respond/${responseId}` };
}

function clickBody(userId: string, actionId: string, responseUrl: string, valueOverride?: string): string {
  const message = renderAlertMessage(notification(), context().history);
  const actions = message.blocks.find((b) => b.type === 'actions') as { elements: { action_id: string; value?: string; text: unknown; url?: string }[] };
  const button = actions.elements.find((e) => e.action_id === actionId)!;
  const payload = {
    type: 'block_actions',
    user: { id: userId, username: userId.toLowerCase(), name: userId.toLowerCase(), team_id: 'T0001' },
    api_app_id: 'A0001',
    token: 'legacy-token',
    container: { type: 'message', message_ts: '1714564800.000001', channel_id: 'C0ALERTS', is_ephemeral: false },
    trigger_id: '1.2.3',
    team: { id: 'T0001', domain: 'acme' },
    channel: { id: 'C0ALERTS', name: 'ml-alerts' },
    message: { type: 'message', user: 'UBOT', bot_id: 'BBOT', ts: '1714564800.000001', text: message.text, blocks: message.blocks },
    response_url: responseUrl,
    actions: [{ type: 'button', block_id: ACTIONS_BLOCK_ID, action_id: button.action_id, text: button.text, value: valueOverride ?? button.value, action_ts: String(NOW_S) }],
  };
  return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

function commandBody(userId: string, text: string, responseUrl: string): string {
  return new URLSearchParams({
    token: 'legacy-token',
    team_id: 'T0001',
    team_domain: 'acme',
    channel_id: 'C0ALERTS',
    channel_name: 'ml-alerts',
    user_id: userId,
    user_name: userId.toLowerCase(),
    command: '/modelwatch',
    text,
    api_app_id: 'A0001',
    response_url: responseUrl,
    trigger_id: '1.2.3',
  }).toString();
}

const FORM = 'application/x-www-form-urlencoded';

async function click(userId: string, actionId: string): Promise<RecordedCall> {
  const { url, path } = nextResponseUrl();
  const res = await send(clickBody(userId, actionId, url), FORM);
  expect(res.status).toBe(200);
  return api.waitFor((c) => c.path === path);
}

async function slash(userId: string, text: string): Promise<{ response: RecordedCall; status: number; immediate: string }> {
  const { url, path } = nextResponseUrl();
  const res = await send(commandBody(userId, text, url), FORM);
  return { response: await api.waitFor((c) => c.path === path), status: res.status, immediate: res.text };
}

function blocksText(call: RecordedCall): string {
  return JSON.stringify(call.body['blocks']);
}
function buttonIds(call: RecordedCall): string[] {
  const blocks = call.body['blocks'] as KnownBlock[];
  const actions = blocks.find((b) => b.type === 'actions') as { elements: { action_id: string }[] } | undefined;
  return actions?.elements.map((e) => e.action_id) ?? [];
}

describe('startSlackBot', () => {
  it('checked the bot token with auth.test and listens on /slack/events', () => {
    expect(bot.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/slack\/events$/);
    expect(bot.botUserId).toBe('UBOT');
  });

  it('refuses to start with a token Slack does not accept', async () => {
    api.failNext('auth.test', { body: { ok: false, error: 'invalid_auth' } });
    await expect(startSlackBot({ botToken: 'xoxb-bad', signingSecret: SECRET, apiUrl: api.apiUrl, host: '127.0.0.1', port: 0, commands, roles: () => undefined, log: silentLog() })).rejects.toThrow(/invalid_auth.*bot_token/);
  });
});

describe('buttons on alert messages', () => {
  it('Acknowledge by an on-call user acknowledges the group as that user and updates the message', async () => {
    const response = await click('UONCALL', ACTION_IDS.acknowledge);
    expect(commands.calls).toEqual([{ method: 'acknowledge', actor: { id: 'UONCALL', role: 'oncall', via: 'slack', name: 'uoncall' }, arg: GROUP_KEY }]);
    expect(response.body['replace_original']).toBe(true);
    expect(blocksText(response)).toContain('Acknowledged by <@UONCALL>');
    expect(buttonIds(response)).toEqual([ACTION_IDS.silence1h, ACTION_IDS.silence24h, ACTION_IDS.resolve, ACTION_IDS.runbook]);
    expect(response.body['text']).toBe('[CRITICAL] FIRING: accuracy_drop · fraud-detector (1 firing)');
    // Bolt used the identity from startup: no auth.test per request.
    expect(api.callsTo('auth.test')).toEqual([]);
  });

  it('Silence 1h silences the group labels for an hour and says until when', async () => {
    const response = await click('UADMIN', ACTION_IDS.silence1h);
    expect(commands.calls).toHaveLength(1);
    const [call] = commands.calls;
    expect(call?.method).toBe('silence');
    expect(call?.actor).toEqual({ id: 'UADMIN', role: 'admin', via: 'slack', name: 'uadmin' });
    expect(call?.arg).toMatchObject({ matchers: ['alertname="accuracy_drop"', 'model_id="fraud-detector"'], durationMs: 3_600_000 });
    expect((call?.arg as SilenceRequest).comment).toContain('uadmin');
    expect(response.body['replace_original']).toBe(true);
    expect(blocksText(response)).toContain('Silenced by <@UADMIN> for 1h, until 2024-05-01 14:00 UTC');
    expect(blocksText(response)).toContain('sil-42');
  });

  it('Silence 24h mutes for a day', async () => {
    await click('UONCALL', ACTION_IDS.silence24h);
    expect(commands.calls[0]?.arg).toMatchObject({ durationMs: 86_400_000 });
  });

  it('Resolve resolves the group and leaves only the runbook button', async () => {
    const response = await click('UONCALL', ACTION_IDS.resolve);
    expect(commands.calls).toEqual([{ method: 'resolve', actor: { id: 'UONCALL', role: 'oncall', via: 'slack', name: 'uoncall' }, arg: GROUP_KEY }]);
    expect(blocksText(response)).toContain('Resolved by <@UONCALL>');
    expect(buttonIds(response)).toEqual([ACTION_IDS.runbook]);
  });

  it.each(['UVIEWER', 'USTRANGER'])('refuses %s (viewer or unknown) with an ephemeral explanation and calls no command', async (user) => {
    for (const action of [ACTION_IDS.acknowledge, ACTION_IDS.silence1h, ACTION_IDS.resolve]) {
      const response = await click(user, action);
      expect(response.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
      expect(response.body['text']).toContain('You need the on-call role');
      expect(response.body['text']).toContain('alerts.slack.users');
      expect(response.body['blocks']).toBeUndefined();
    }
    expect(commands.calls).toEqual([]);
  });

  it('the Runbook click is only acknowledged', async () => {
    const { url, path } = nextResponseUrl();
    const res = await send(clickBody('UVIEWER', ACTION_IDS.runbook, url), FORM);
    expect(res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 100));
    expect(api.calls.filter((c) => c.path === path)).toEqual([]);
    expect(commands.calls).toEqual([]);
  });

  it('a CommandError from the command is shown to the clicker, the message left as it is', async () => {
    const { url, path } = nextResponseUrl();
    const body = clickBody('UONCALL', ACTION_IDS.acknowledge, url, 'nope');
    expect((await send(body, FORM)).status).toBe(200);
    const response = await api.waitFor((c) => c.path === path);
    expect(response.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(response.body['text']).toContain('no group or alert matches "nope"');
  });
});

describe('/modelwatch', () => {
  it('acknowledges at once with an empty 200 and answers on the response_url', async () => {
    const { response, status, immediate } = await slash('UVIEWER', 'help');
    expect(status).toBe(200);
    expect(immediate).toBe('');
    expect(response.body['text']).toContain('/modelwatch silence MATCHER... DURATION');
  });

  it('status MODEL shows the model status to a viewer', async () => {
    const { response } = await slash('UVIEWER', 'status fraud-detector');
    expect(commands.calls).toEqual([{ method: 'modelStatus', arg: 'fraud-detector' }]);
    expect(response.body['response_type']).toBe('ephemeral');
    const text = response.body['text'] as string;
    expect(text).toContain('*fraud-detector*: newest window 2024-05-01 12:00 UTC');
    expect(text).toContain('accuracy: 0.81 — alert');
    expect(text).toContain('psi (amount): 0.31 — drift');
    expect(text).toContain('1 active alert');
  });

  it('status of an unknown model names the models', async () => {
    const { response } = await slash('UVIEWER', 'status ghost');
    expect(response.body['text']).toContain('no model "ghost"; the models are');
  });

  it('alerts lists the active alerts with fingerprint prefixes', async () => {
    const { response } = await slash('UVIEWER', 'alerts');
    const text = response.body['text'] as string;
    expect(text).toContain('2 active alerts');
    expect(text).toContain('`aaaaaaaaaaaa`');
    expect(text).toContain('`bbbbbbbbbbbb`');
  });

  it('silence MATCHERS DURATION -- comment silences as the on-call user', async () => {
    const { response } = await slash('UONCALL', 'silence model_id=“fraud-detector” segment!="country=US" 2h -- deploying fix');
    expect(commands.calls).toEqual([
      {
        method: 'silence',
        actor: { id: 'UONCALL', role: 'oncall', via: 'slack', name: 'uoncall' },
        arg: { matchers: ['model_id="fraud-detector"', 'segment!="country=US"'], durationMs: 7_200_000, comment: 'deploying fix' },
      },
    ]);
    expect(response.body['response_type']).toBe('in_channel');
    expect(response.body['text']).toContain('<@UONCALL> silenced');
    expect(response.body['text']).toContain('until 2024-05-01 15:00 UTC');
  });

  it('ack TARGET acknowledges as the on-call user; an unknown target gets the command’s explanation', async () => {
    const { response } = await slash('UONCALL', 'ack aaaaaaaa');
    expect(commands.calls).toEqual([{ method: 'acknowledge', actor: { id: 'UONCALL', role: 'oncall', via: 'slack', name: 'uoncall' }, arg: 'aaaaaaaa' }]);
    expect(response.body['text']).toContain('acknowledged 1 group');
    const { response: missing } = await slash('UONCALL', 'ack nope');
    expect(missing.body['response_type']).toBe('ephemeral');
    expect(missing.body['text']).toContain('no group or alert matches "nope"');
  });

  it('refuses silence and ack to viewers and unknown users, and status to unknown users', async () => {
    for (const [user, text, role] of [
      ['UVIEWER', 'silence model_id="x" 1h', 'on-call'],
      ['UVIEWER', 'ack abc', 'on-call'],
      ['USTRANGER', 'ack abc', 'on-call'],
      ['USTRANGER', 'status fraud-detector', 'viewer'],
    ] as const) {
      const { response } = await slash(user, text);
      expect(response.body['response_type']).toBe('ephemeral');
      expect(response.body['text']).toContain(`You need the ${role} role`);
      expect(response.body['text']).toContain('alerts.slack.users');
    }
    expect(commands.calls).toEqual([]);
  });

  it.each([
    ['frobnicate', 'unknown subcommand `frobnicate`; the subcommands are `status`, `alerts`, `silence`, `ack`, `help`'],
    ['silence model_id="fraud-detector"', 'give at least one matcher and a duration'],
    ['silence model_id="fraud-detector" forever', 'the last word must be a duration such as 30m, 2h'],
    ['silence 2h', 'give at least one matcher and a duration'],
    ['silence model_id=~".*" 2h', 'at least one label="value" matcher'],
    ['silence model id 2h', 'is not a matcher; write label="value"'],
    ['silence model_id="fraud 2h', 'a quote is not closed'],
    ['status', 'name one model: `/modelwatch status MODEL`'],
    ['ack', 'give one target'],
  ])('answers bad input %j with the fix and calls nothing', async (text, expected) => {
    const { response } = await slash('UADMIN', text);
    expect(response.body['response_type']).toBe('ephemeral');
    expect(response.body['text']).toContain(expected);
    expect(commands.calls).toEqual([]);
  });
});

describe('request verification', () => {
  const cases: [string, SendOptions][] = [
    ['no signature headers', { unsigned: true }],
    ['a wrong signature', { secret: 'not-the-secret' }],
    ['a body changed after signing', { tamper: (b) => b.replace('uoncall', 'uadmin') }],
    ['a timestamp 6 minutes old', { timestamp: NOW_S - 360 }],
    ['a timestamp 6 minutes in the future', { timestamp: NOW_S + 360 }],
  ];

  it.each(cases)('answers 401 to a button click with %s and runs no handler', async (_name, options) => {
    const { url, path } = nextResponseUrl();
    const res = await send(clickBody('UONCALL', ACTION_IDS.acknowledge, url), FORM, options);
    expect(res.status).toBe(401);
    await new Promise((r) => setTimeout(r, 50));
    expect(commands.calls).toEqual([]);
    expect(api.calls.filter((c) => c.path === path)).toEqual([]);
  });

  it.each(cases)('answers 401 to a slash command with %s and runs no handler', async (_name, options) => {
    const { url, path } = nextResponseUrl();
    const res = await send(commandBody('UONCALL', 'ack aaaaaaaa', url), FORM, options);
    expect(res.status).toBe(401);
    await new Promise((r) => setTimeout(r, 50));
    expect(commands.calls).toEqual([]);
    expect(api.calls.filter((c) => c.path === path)).toEqual([]);
  });

  it.each([
    ['as it was', (s: string) => s],
    ['with V0=', (s: string) => `V0=${s.slice(3)}`],
    ['with upper-case hex', (s: string) => `v0=${s.slice(3).toUpperCase()}`],
    ['all upper-case', (s: string) => s.toUpperCase()],
  ])('answers 401 to a signed request sent again within the window with its signature %s, and runs it once', async (_name, rewriteSignature) => {
    const { url, path } = nextResponseUrl();
    const body = commandBody('UONCALL', 'ack aaaaaaaa', url);
    expect((await send(body, FORM)).status).toBe(200);
    await api.waitFor((c) => c.path === path);
    const callsAfterFirst = commands.calls.length;
    expect((await send(body, FORM, { rewriteSignature })).status).toBe(401);
    await new Promise((r) => setTimeout(r, 50));
    expect(commands.calls.length).toBe(callsAfterFirst);
    expect(api.calls.filter((c) => c.path === path)).toHaveLength(1);
  });

  it('accepts timestamps within 5 minutes either way', async () => {
    for (const offset of [-290, 290]) {
      const { url, path } = nextResponseUrl();
      const res = await send(commandBody('UVIEWER', 'alerts', url), FORM, { timestamp: NOW_S + offset });
      expect(res.status).toBe(200);
      await api.waitFor((c) => c.path === path);
    }
  });

  it('answers a signed url_verification with the challenge, and refuses an unsigned one', async () => {
    const body = JSON.stringify({ token: 't', challenge: 'c-123', type: 'url_verification' });
    const ok = await send(body, 'application/json');
    expect(ok).toEqual({ status: 200, text: JSON.stringify({ challenge: 'c-123' }) });
    expect((await send(body, 'application/json', { unsigned: true })).status).toBe(401);
  });

  it('answers ssl_check with an empty 200 and runs nothing', async () => {
    const { url, path } = nextResponseUrl();
    const res = await send(`ssl_check=1&token=t&${commandBody('UONCALL', 'ack aaaaaaaa', url)}`, FORM, { unsigned: true });
    expect(res).toEqual({ status: 200, text: '' });
    await new Promise((r) => setTimeout(r, 50));
    expect(commands.calls).toEqual([]);
    expect(api.calls.filter((c) => c.path === path)).toEqual([]);
  });

  it('accepts a signed JSON event it has no listener for with 200', async () => {
    const body = JSON.stringify({
      token: 't',
      team_id: 'T0001',
      api_app_id: 'A0001',
      type: 'event_callback',
      event_id: 'Ev1',
      event_time: NOW_S,
      event: { type: 'app_mention', user: 'UONCALL', text: '<@UBOT> hi', ts: '1.1', channel: 'C0ALERTS', event_ts: '1.1' },
      authorizations: [{ team_id: 'T0001', user_id: 'UBOT', is_bot: true }],
    });
    const res = await send(body, 'application/json; charset=utf-8');
    expect(res.status).toBe(200);
    expect((await send(body, 'application/json', { unsigned: true })).status).toBe(401);
  });

  it('refuses other paths, methods and content types', async () => {
    expect((await fetch(bot.url.replace('/slack/events', '/other'), { method: 'POST', body: 'x' })).status).toBe(404);
    expect((await fetch(bot.url)).status).toBe(405);
    expect((await send('hello', 'text/plain')).status).toBe(415);
    expect((await send('{not json', 'application/json')).status).toBe(400);
  });
});

function silentLog() {
  const log = { debug() {}, info() {}, warn() {}, error() {}, child: () => log };
  return log;
}
