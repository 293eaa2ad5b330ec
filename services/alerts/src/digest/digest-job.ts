import type { ModelwatchConfig } from '@modelwatch/core';
import type { Logger } from '@modelwatch/telemetry';
import type { Warehouse } from '@modelwatch/warehouse';
import type { AlertEngine } from '../alert-engine.ts';
import { composeDigest, createSmtpTransporter, scheduleDailyDigest } from '../channels/email/index.ts';
import { readDigestModels } from './digest-query.ts';

const DAY_MS = 24 * 3_600_000;

/** Mails the daily model-health digest on `alerts.digest_cron` when `alerts.email.digest_to` is set; returns its stop, or null. */
export function startDigest(options: { config: ModelwatchConfig; warehouse: Pick<Warehouse, 'client'>; log: Logger; engine: AlertEngine }): (() => Promise<void>) | null {
  const { config, warehouse, log, engine } = options;
  const email = config.alerts.email;
  if (!email.digestTo || !email.smtpHost) return null;
  const transporter = createSmtpTransporter(
    {
      host: email.smtpHost,
      port: email.smtpPort,
      secure: email.smtpSecure,
      ...(email.smtpUser !== undefined ? { user: email.smtpUser } : {}),
      ...(email.smtpPassword !== undefined ? { password: email.smtpPassword } : {}),
    },
    config.alerts.deliveryTimeoutMs,
  );
  const to = email.digestTo;
  return scheduleDailyDigest({
    cron: config.alerts.digestCron,
    send: async () => {
      const now = Date.now();
      const firing = engine.active().filter((a) => a.state === 'firing');
      const perModel = new Map<string, number>();
      for (const a of firing) perModel.set(a.labels.model_id ?? '', (perModel.get(a.labels.model_id ?? '') ?? 0) + 1);
      const models = await readDigestModels(warehouse, now - DAY_MS, now, perModel);
      const digest = composeDigest({ date: new Date(now - DAY_MS).toISOString().slice(0, 10), models, activeAlerts: firing });
      await transporter.sendMail({ from: email.from, to: [...to], subject: digest.subject, text: digest.text, html: digest.html });
      log.info('daily digest mailed', { models: models.length, recipients: to.length });
    },
    onError: (error) => log.warn('the daily digest could not be mailed; the next one is tomorrow', { error }),
  });
}
