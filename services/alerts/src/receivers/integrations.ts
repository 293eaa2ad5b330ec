import type { AlertsConfig } from '@modelwatch/core';
import { EmailNotifier, createSmtpTransporter, type MailTransporter } from '../channels/email/index.ts';
import { PagerDutyNotifier } from '../channels/pagerduty/index.ts';
import { WebhookNotifier } from '../channels/webhook/index.ts';
import type { Integration } from '../delivery/delivery-pipeline.ts';
import { SlackNotifier, createSlackClient } from '../slack/index.ts';
import type { ReceiverSpec } from './receiver-spec.ts';

/**
 * Turns configured receivers into integrations (`receiver/kind/index`) with their notifiers.
 * One Slack client and one pooled SMTP transporter serve every receiver.
 */
export function buildIntegrations(receivers: readonly ReceiverSpec[], config: AlertsConfig): Map<string, Integration[]> {
  const timeoutMs = config.deliveryTimeoutMs;
  let slackClient: ReturnType<typeof createSlackClient> | undefined;
  let transporter: MailTransporter | undefined;
  const slack = () =>
    (slackClient ??= createSlackClient({ botToken: config.slack.botToken!, ...(config.slack.apiUrl ? { apiUrl: config.slack.apiUrl } : {}), timeoutMs }));
  const mail = () =>
    (transporter ??= createSmtpTransporter(
      {
        host: config.email.smtpHost!,
        port: config.email.smtpPort,
        secure: config.email.smtpSecure,
        ...(config.email.smtpUser !== undefined ? { user: config.email.smtpUser } : {}),
        ...(config.email.smtpPassword !== undefined ? { password: config.email.smtpPassword } : {}),
      },
      timeoutMs,
    ));
  const byReceiver = new Map<string, Integration[]>();
  for (const r of receivers) {
    const integrations: Integration[] = [
      ...r.slack.map((s, i) => ({ id: `${r.name}/slack/${i}`, notifier: new SlackNotifier({ client: slack(), channel: s.channel }) })),
      ...r.email.map((e, i) => ({ id: `${r.name}/email/${i}`, notifier: new EmailNotifier({ transporter: mail(), from: config.email.from, to: e.to, timeoutMs }) })),
      ...r.pagerduty.map((p, i) => ({ id: `${r.name}/pagerduty/${i}`, notifier: new PagerDutyNotifier({ routingKey: p.routingKey, url: config.pagerduty.url, timeoutMs }) })),
      ...r.webhook.map((w, i) => ({ id: `${r.name}/webhook/${i}`, notifier: new WebhookNotifier({ url: w.url, secret: w.secret, timeoutMs }) })),
    ];
    byReceiver.set(r.name, integrations);
  }
  return byReceiver;
}
