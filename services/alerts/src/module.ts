import { readFileSync } from 'node:fs';
import { ConfigError, systemClock, type Rule } from '@modelwatch/core';
import { createKafka } from '@modelwatch/kafka';
import { WAREHOUSE, type ServiceModule } from '@modelwatch/runtime';
import { Partitioners } from 'kafkajs';
import { parse as parseYaml } from 'yaml';
import { startAlertsApi } from './api/alerts-api.ts';
import { startAlertsService } from './alerts-service.ts';
import { readModelActivity } from './checks/model-activity-query.ts';
import { scheduleChecks } from './checks/schedule-checks.ts';
import { startDigest } from './digest/digest-job.ts';
import { buildIntegrations } from './receivers/integrations.ts';
import { routingSetup } from './receivers/routing-setup.ts';
import { rulesFromFile } from './rules-source.ts';
import { startSlackBot } from './slack/index.ts';

/** How far back the no-data and labels-overdue checks look. */
const ACTIVITY_LOOKBACK_MS = 7 * 24 * 3_600_000;

/**
 * `alerts`: rules over metric events and scheduled checks, Alertmanager-style routing, and
 * delivery to Slack (with the interactive bot), email, PagerDuty and webhooks. Run one alerts
 * process: like one Alertmanager, it holds every aggregation group.
 */
export const alertsModule: ServiceModule = {
  name: 'alerts',
  deps: ['warehouse'],
  isTarget: true,
  summary: 'alert rules, routing, silences and notifications (Slack bot, email, PagerDuty, webhooks)',
  async start({ config, log, metrics, ops, use }) {
    const warehouse = use(WAREHOUSE);
    const alerts = config.alerts;
    const setup = routingSetup(alerts, readYamlFile(alerts.routingFile), process.env);
    const rulesFile = readYamlFile(alerts.rulesFile);
    const fileRules: Rule[] | null = rulesFile ? rulesFromFile(rulesFile.name, rulesFile.content) : null;
    const kafka = createKafka(config.kafka, log, '-alerts');
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const changes = metrics.counter('modelwatch_alerts_changes_total', 'Alert state changes published, by state.');
    const delivered = metrics.counter('modelwatch_alerts_notifications_delivered_total', 'Notifications delivered, by channel kind.');
    const failed = metrics.counter('modelwatch_alerts_delivery_failures_total', 'Failed delivery attempts, by channel kind and whether they are retried.');
    const service = await startAlertsService({
      config,
      kafka,
      producer,
      warehouse,
      log,
      clock: systemClock,
      setup,
      integrations: buildIntegrations(setup.receivers, alerts),
      fileRules,
      delivery: {
        delivered: (entry) => delivered.inc({ kind: entry.kind }),
        failed: (entry, _error, retry) => failed.inc({ kind: entry.kind, retried: String(retry) }),
      },
      onAlertChanges: (published) => {
        for (const a of published) changes.inc({ state: a.state });
      },
    });
    const stops: (() => Promise<void>)[] = [];
    stops.push(
      scheduleChecks({
        cron: alerts.checkCron,
        check: async () => {
          const published = await service.engine.checkSchedule(await readModelActivity(warehouse, ACTIVITY_LOOKBACK_MS, Date.now()));
          for (const a of published) changes.inc({ state: a.state });
        },
        onError: (error) => log.warn('the scheduled no-data and labels-overdue check failed; tried again at the next tick', { error }),
      }),
    );
    const digest = startDigest({ config, warehouse, log, engine: service.engine });
    if (digest) stops.push(digest);
    if (alerts.slack.botToken && alerts.slack.signingSecret) {
      const roles = new Map(alerts.slack.users.map((u) => [u.slackUser, u.role]));
      const bot = await startSlackBot({
        botToken: alerts.slack.botToken,
        signingSecret: alerts.slack.signingSecret,
        ...(alerts.slack.apiUrl ? { apiUrl: alerts.slack.apiUrl } : {}),
        host: alerts.slack.host,
        port: alerts.slack.port,
        commands: service.control,
        roles: (user) => roles.get(user) ?? (alerts.slack.defaultRole === 'viewer' ? 'viewer' : undefined),
        log,
      });
      log.info('Slack bot listening', { url: bot.url });
      stops.push(() => bot.stop());
    }
    const api = await startAlertsApi({
      host: alerts.api.host,
      port: alerts.api.port,
      clients: alerts.api.clients,
      engine: service.engine,
      control: service.control,
      now: () => Date.now(),
      log,
    });
    log.info('alerts API listening', { url: api.url });
    stops.push(() => api.stop());
    ops.addCheck({ name: 'alerts', ready: () => true });
    return {
      async stop() {
        for (const stop of stops.reverse()) await stop();
        await service.stop();
        await producer.disconnect();
      },
    };
  },
};

function readYamlFile(path: string | undefined): { name: string; content: unknown } | undefined {
  if (!path) return undefined;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError([`${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}); check the path in the alerts settings`]);
  }
  try {
    return { name: path, content: parseYaml(text) };
  } catch (error) {
    throw new ConfigError([`${path} is not valid YAML: ${(error as Error).message.split('\n')[0]}`]);
  }
}

