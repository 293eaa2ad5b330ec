import { signSlackRequest } from '@modelwatch/alerts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlackApi } from '../../services/alerts/src/slack/test-support/fake-slack-api.ts';
import { freePort } from '../support/free-port.ts';
import { startModelwatchForTest, type ModelwatchUnderTest } from '../support/modelwatch-under-test.ts';

const SIGNING_SECRET = 'slack-security-signing-secret';
const ONCALL = 'UONCALL7';

/**
 * The Slack bot of a running modelwatch, driven as an attacker would: a captured, signed
 * `/modelwatch silence` sent again with the signature's case changed is refused and runs once;
 * silences from Slack follow the same rules as the API's.
 */
describe('the Slack bot against replays and silences that mute everything', () => {
  let mw: ModelwatchUnderTest;
  let slack: FakeSlackApi;
  let botUrl: string;
  let silencesUrl: string;
  let responses = 0;

  beforeAll(async () => {
    slack = await new FakeSlackApi().start();
    const botPort = await freePort();
    const apiPort = await freePort();
    botUrl = `http://127.0.0.1:${botPort}/slack/events`;
    silencesUrl = `http://127.0.0.1:${apiPort}/api/v1/silences`;
    mw = await startModelwatchForTest(
      {
        MODELWATCH_TARGETS: 'alerts',
        MODELWATCH_SLACK_BOT_TOKEN: 'xoxb-security',
        MODELWATCH_SLACK_SIGNING_SECRET: SIGNING_SECRET,
        MODELWATCH_SLACK_API_URL: slack.apiUrl,
        MODELWATCH_SLACK_PORT: String(botPort),
        MODELWATCH_ALERTS_API_PORT: String(apiPort),
      },
      { alerts: { slack: { users: [{ slack_user: ONCALL, role: 'oncall' }] } } },
    );
  }, 120_000);

  afterAll(async () => {
    await mw?.stop();
    await slack?.stop();
  });

  /** A slash command's form body, as Slack sends it, with its own response URL. */
  const commandBody = (text: string): { body: string; responsePath: string } => {
    const id = `sec-${++responses}`;
    const body = new URLSearchParams({
      token: 'legacy', team_id: 'T0001', team_domain: 'acme', channel_id: 'C0ALERTS', channel_name: 'ml-oncall', user_id: ONCALL, user_name: 'oncall',
      command: '/modelwatch', text, api_app_id: 'A0001', response_url: slack.responseUrl(id), trigger_id: '1.2.3',
    }).toString();
    return { body, responsePath: `/respond/${id}` };
  };

  const post = async (body: string, timestamp: number, signature: string): Promise<number> => {
    const res = await fetch(botUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature },
      body,
    });
    await res.text();
    return res.status;
  };

  const silences = async (): Promise<{ matchers: string[]; comment: string }[]> => {
    const res = await fetch(silencesUrl);
    expect(res.status).toBe(200);
    return ((await res.json()) as { silences: { matchers: string[]; comment: string }[] }).silences;
  };

  /** Runs a command once, signed; returns the bot's reply text. */
  const command = async (text: string): Promise<string> => {
    const { body, responsePath } = commandBody(text);
    const ts = Math.floor(Date.now() / 1000);
    expect(await post(body, ts, signSlackRequest(SIGNING_SECRET, ts, body))).toBe(200);
    return String((await slack.waitFor((c) => c.path === responsePath, 20_000)).body.text ?? '');
  };

  it('refuses a captured silence command replayed with the signature in another case (401), and runs it once', async () => {
    const { body, responsePath } = commandBody('silence model_id="fraud-detector" 2h -- replay probe');
    const ts = Math.floor(Date.now() / 1000);
    const signature = signSlackRequest(SIGNING_SECRET, ts, body);
    expect(await post(body, ts, signature)).toBe(200);
    await slack.waitFor((c) => c.path === responsePath, 20_000);

    const hex = signature.slice('v0='.length);
    for (const recased of [`V0=${hex}`, `v0=${hex.toUpperCase()}`, `V0=${hex.toUpperCase()}`, signature]) {
      expect(await post(body, ts, recased), recased.slice(0, 8)).toBe(401);
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(slack.calls.filter((c) => c.path === responsePath)).toHaveLength(1);
    expect((await silences()).filter((s) => s.comment === 'replay probe')).toHaveLength(1);
  });

  it('refuses from Slack what the API refuses: silences that could mute everything, shorter than a minute, or with a regex RE2 cannot run', async () => {
    const before = (await silences()).length;
    expect(await command('silence alertname=~".+" 2h')).toContain('give at least one label="value" matcher, e.g. model_id="fraud-detector"');
    expect(await command('silence model_id="fraud-detector" 30s')).toContain('a silence lasts between one minute (1m) and 30 days (30d), e.g. 2h; 30s is shorter');
    expect(await command('silence model_id="fraud-detector" feature=~"(?!amount).*" 2h')).toContain('backreferences (\\1) and lookaround ((?=, (?!, (?<=, (?<!) are not supported');
    expect(await silences()).toHaveLength(before);
  });
});
