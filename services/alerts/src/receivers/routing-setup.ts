import { ConfigError, DEFAULT_ROUTING_DATA, parseRoutingConfig, type AlertsConfig, type RoutingConfig } from '@modelwatch/core';
import { defaultReceivers, parseReceivers, type ReceiverSpec } from './receiver-spec.ts';

export interface RoutingSetup {
  readonly routing: RoutingConfig;
  readonly receivers: readonly ReceiverSpec[];
}

/**
 * The routing tree and receivers: from the routing file when there is one (Alertmanager's
 * `route`, `inhibit_rules`, `receivers`), else the default: everything to `default` (every
 * configured channel), critical groups escalated to PagerDuty after `escalation_after_ms`.
 * Every problem is reported at once, each naming where and the fix.
 */
export function routingSetup(
  config: AlertsConfig,
  file: { readonly name: string; readonly content: unknown } | undefined,
  env: Readonly<Record<string, string | undefined>>,
): RoutingSetup {
  const problems: string[] = [];
  if (config.webhook.url && !config.webhook.secret) problems.push('alerts.webhook.url is set without alerts.webhook.secret (MODELWATCH_WEBHOOK_SECRET): webhooks are always signed; set a secret');
  if (Boolean(config.slack.botToken) !== Boolean(config.slack.signingSecret)) {
    problems.push('Slack needs both alerts.slack.bot_token and alerts.slack.signing_secret (MODELWATCH_SLACK_BOT_TOKEN, MODELWATCH_SLACK_SIGNING_SECRET); set the missing one');
  }
  let receivers: ReceiverSpec[];
  let raw: unknown;
  if (file) {
    const content = file.content as Record<string, unknown> | null;
    receivers = parseReceivers(content?.receivers, config, env, problems);
    raw = content;
  } else {
    receivers = defaultReceivers(config);
    const pagerduty = receivers.some((r) => r.name === 'pagerduty');
    raw = {
      ...DEFAULT_ROUTING_DATA,
      route: {
        ...DEFAULT_ROUTING_DATA.route,
        ...(pagerduty && config.escalationAfterMs > 0
          ? { escalation: { after: config.escalationAfterMs, receiver: 'pagerduty', matchers: ['severity="critical"'] } }
          : {}),
        ...(pagerduty && config.escalationAfterMs === 0
          ? { routes: [{ receiver: 'pagerduty', matchers: ['severity="critical"'], continue: true }, { receiver: 'default' }] }
          : {}),
      },
    };
  }
  let routing: RoutingConfig | undefined;
  try {
    routing = parseRoutingConfig(raw, { receivers: receivers.map((r) => r.name) });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems.map((p) => (file ? `${file.name}: ${p}` : p)));
  }
  if (problems.length > 0 || !routing) throw new ConfigError(problems);
  return { routing, receivers };
}
