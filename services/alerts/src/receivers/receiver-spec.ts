import type { AlertsConfig } from '@modelwatch/core';

/** A receiver's channels, as configured (Alertmanager's `receivers:` shape, modelwatch's channels). */
export interface ReceiverSpec {
  readonly name: string;
  readonly slack: readonly { readonly channel: string }[];
  readonly email: readonly { readonly to: readonly string[] }[];
  readonly pagerduty: readonly { readonly routingKey: string }[];
  readonly webhook: readonly { readonly url: string; readonly secret: string }[];
}

type Raw = Record<string, unknown>;

const CHANNEL_KEYS = ['slack_configs', 'email_configs', 'pagerduty_configs', 'webhook_configs'] as const;

/**
 * Reads `receivers:` from the routing file. Secrets are never written in the file: a channel
 * names the environment variable that holds its key (`routing_key_env`, `secret_env`), or uses
 * the global one from the config (`alerts.pagerduty.routing_key`, `alerts.webhook.secret`).
 */
export function parseReceivers(
  raw: unknown,
  config: AlertsConfig,
  env: Readonly<Record<string, string | undefined>>,
  problems: string[],
): ReceiverSpec[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    problems.push('receivers: expected a list such as [{ name: oncall, slack_configs: [{ channel: "#ml-oncall" }] }]');
    return [];
  }
  const names = new Set<string>();
  const specs: ReceiverSpec[] = [];
  raw.forEach((entry: unknown, i) => {
    const where = `receivers[${i}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      problems.push(`${where}: expected a mapping with a name and channel configs (${CHANNEL_KEYS.join(', ')})`);
      return;
    }
    const { name, ...channels } = entry as Raw;
    if (typeof name !== 'string' || !/^[A-Za-z0-9_.-]{1,64}$/.test(name)) {
      problems.push(`${where}.name: expected a receiver name of letters, digits, "_", "." or "-"`);
      return;
    }
    if (names.has(name)) problems.push(`${where}.name: "${name}" is used twice; receiver names must be unique`);
    names.add(name);
    for (const key of Object.keys(channels)) {
      if (!(CHANNEL_KEYS as readonly string[]).includes(key)) problems.push(`${where}: unknown key "${key}"; the keys are name, ${CHANNEL_KEYS.join(', ')}`);
    }
    const list = (key: string): Raw[] => {
      const value = channels[key];
      if (value === undefined) return [];
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'object' || v === null)) {
        problems.push(`${where}.${key}: expected a list of mappings`);
        return [];
      }
      return value as Raw[];
    };
    const secretFrom = (path: string, item: Raw, envKey: string, fallback: string | undefined, globalName: string): string | undefined => {
      const envName = item[envKey];
      if (envName !== undefined) {
        if (typeof envName !== 'string' || env[envName] === undefined || env[envName] === '') {
          problems.push(`${path}.${envKey}: the environment variable ${String(envName)} is not set; export it or remove ${envKey} to use ${globalName}`);
          return undefined;
        }
        return env[envName];
      }
      if (fallback === undefined) problems.push(`${path}: no key; set ${globalName} or ${envKey}: NAME_OF_AN_ENVIRONMENT_VARIABLE`);
      return fallback;
    };
    const slack = list('slack_configs').flatMap((item, j) => {
      const path = `${where}.slack_configs[${j}]`;
      checkKeys(item, ['channel'], path, problems);
      const channel = item.channel ?? config.slack.channel;
      if (typeof channel !== 'string' || channel === '') {
        problems.push(`${path}.channel: expected a channel such as "#ml-oncall" or a channel id`);
        return [];
      }
      if (!config.slack.botToken || !config.slack.signingSecret) problems.push(`${path}: Slack is not set up; set alerts.slack.bot_token and alerts.slack.signing_secret (MODELWATCH_SLACK_BOT_TOKEN, MODELWATCH_SLACK_SIGNING_SECRET)`);
      return [{ channel }];
    });
    const email = list('email_configs').flatMap((item, j) => {
      const path = `${where}.email_configs[${j}]`;
      checkKeys(item, ['to'], path, problems);
      const to = typeof item.to === 'string' ? [item.to] : item.to;
      if (!Array.isArray(to) || to.length === 0 || !to.every((t) => typeof t === 'string' && /^[^\s@]+@[^\s@]+$/.test(t))) {
        problems.push(`${path}.to: expected one address or a list, e.g. [oncall@example.com]`);
        return [];
      }
      if (!config.email.smtpHost) problems.push(`${path}: email is not set up; set alerts.email.smtp_host (MODELWATCH_SMTP_HOST)`);
      return [{ to: to as string[] }];
    });
    const pagerduty = list('pagerduty_configs').flatMap((item, j) => {
      const path = `${where}.pagerduty_configs[${j}]`;
      checkKeys(item, ['routing_key_env'], path, problems);
      const routingKey = secretFrom(path, item, 'routing_key_env', config.pagerduty.routingKey, 'alerts.pagerduty.routing_key (MODELWATCH_PAGERDUTY_ROUTING_KEY)');
      return routingKey ? [{ routingKey }] : [];
    });
    const webhook = list('webhook_configs').flatMap((item, j) => {
      const path = `${where}.webhook_configs[${j}]`;
      checkKeys(item, ['url', 'secret_env'], path, problems);
      const url = item.url;
      if (typeof url !== 'string' || !/^https?:\/\//.test(url)) {
        problems.push(`${path}.url: expected an http:// or https:// URL`);
        return [];
      }
      const secret = secretFrom(path, item, 'secret_env', config.webhook.secret, 'alerts.webhook.secret (MODELWATCH_WEBHOOK_SECRET)');
      return secret ? [{ url, secret }] : [];
    });
    specs.push({ name, slack, email, pagerduty, webhook });
  });
  return specs;
}

/**
 * Receivers when no routing file is given: `default` with every configured channel, and
 * `pagerduty` (when a routing key is set) for escalation of critical groups.
 */
export function defaultReceivers(config: AlertsConfig): ReceiverSpec[] {
  const receivers: ReceiverSpec[] = [
    {
      name: 'default',
      slack: config.slack.botToken && config.slack.signingSecret ? [{ channel: config.slack.channel }] : [],
      email: config.email.smtpHost && config.email.to ? [{ to: config.email.to }] : [],
      pagerduty: [],
      webhook: config.webhook.url && config.webhook.secret ? [{ url: config.webhook.url, secret: config.webhook.secret }] : [],
    },
  ];
  if (config.pagerduty.routingKey) receivers.push({ name: 'pagerduty', slack: [], email: [], pagerduty: [{ routingKey: config.pagerduty.routingKey }], webhook: [] });
  return receivers;
}

function checkKeys(item: Raw, allowed: readonly string[], path: string, problems: string[]): void {
  for (const key of Object.keys(item)) if (!allowed.includes(key)) problems.push(`${path}: unknown key "${key}"; the keys are ${allowed.join(', ')}`);
}
