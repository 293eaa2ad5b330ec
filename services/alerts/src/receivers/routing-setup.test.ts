import { ConfigError, loadConfig } from '@modelwatch/core';
import { describe, expect, it } from 'vitest';
import { routingSetup } from './routing-setup.ts';

const config = (env: Record<string, string> = {}, file?: Record<string, unknown>) =>
  loadConfig({ env, ...(file ? { file } : {}) }).alerts;

describe('routing setup', () => {
  it('without a routing file: every configured channel in `default`, critical groups escalated to PagerDuty', () => {
    const setup = routingSetup(
      config({
        MODELWATCH_SLACK_BOT_TOKEN: 'xoxb-1', MODELWATCH_SLACK_SIGNING_SECRET: 's', MODELWATCH_SMTP_HOST: 'mail', MODELWATCH_EMAIL_TO: 'a@example.com',
        MODELWATCH_PAGERDUTY_ROUTING_KEY: 'k', MODELWATCH_ALERTS_ESCALATION_AFTER_MS: '600000',
      }),
      undefined,
      {},
    );
    expect(setup.receivers.map((r) => [r.name, r.slack.length, r.email.length, r.pagerduty.length])).toEqual([['default', 1, 1, 0], ['pagerduty', 0, 0, 1]]);
    expect(setup.routing.route.receiver).toBe('default');
    expect(setup.routing.route.escalation).toMatchObject({ afterMs: 600_000, receiver: 'pagerduty' });
    expect(setup.routing.inhibitRules).toHaveLength(1);
  });

  it('with nothing configured: one receiver without channels (alerts still go to the topic and table)', () => {
    const setup = routingSetup(config(), undefined, {});
    expect(setup.receivers).toEqual([{ name: 'default', slack: [], email: [], pagerduty: [], webhook: [] }]);
    expect(setup.routing.route.escalation).toBeNull();
  });

  it('reads receivers from the routing file, secrets from the environment variables they name', () => {
    const setup = routingSetup(
      config({ MODELWATCH_SMTP_HOST: 'mail' }),
      {
        name: 'routing.yaml',
        content: {
          route: { receiver: 'team', routes: [{ receiver: 'pager', matchers: ['severity="critical"'] }] },
          receivers: [
            { name: 'team', email_configs: [{ to: 'team@example.com' }], webhook_configs: [{ url: 'https://hooks.example.com/x', secret_env: 'HOOK_SECRET' }] },
            { name: 'pager', pagerduty_configs: [{ routing_key_env: 'PD_KEY' }] },
          ],
        },
      },
      { HOOK_SECRET: 'shh', PD_KEY: 'pd-key' },
    );
    expect(setup.receivers[0]).toMatchObject({ email: [{ to: ['team@example.com'] }], webhook: [{ url: 'https://hooks.example.com/x', secret: 'shh' }] });
    expect(setup.receivers[1]).toMatchObject({ pagerduty: [{ routingKey: 'pd-key' }] });
  });

  it('refuses a bad setup with every problem, each naming the fix, and no secret in the messages', () => {
    let error: unknown;
    try {
      routingSetup(
        config({ MODELWATCH_WEBHOOK_URL: 'https://hooks.example.com/x', MODELWATCH_SLACK_BOT_TOKEN: 'xoxb-secret-token' }),
        {
          name: 'routing.yaml',
          content: {
            route: { receiver: 'nobody' },
            receivers: [{ name: 'team', slack_configs: [{ channel: '#x' }], pagerduty_configs: [{ routing_key_env: 'MISSING_KEY' }], sms_configs: [] }],
          },
        },
        {},
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = (error as ConfigError).problems.join('\n');
    expect(text).toMatch(/webhook\.secret/);
    expect(text).toMatch(/signing_secret/);
    expect(text).toMatch(/MISSING_KEY is not set/);
    expect(text).toMatch(/unknown key "sms_configs"/);
    expect(text).toMatch(/routing\.yaml: .*nobody/);
    expect(text).not.toContain('xoxb-secret-token');
  });
});
