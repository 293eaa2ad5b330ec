import {
  alertFromEvent,
  parseControlEvent,
  parseMetricEvent,
  ruleToData,
  topicNames,
  type Alert,
  type AlertEvent,
  type Clock,
  type ControlEvent,
  type ModelwatchConfig,
  type MetricEvent,
  type Notification,
  type Rule,
} from '@modelwatch/core';
import { ControlLog, ensureModelwatchTopics, followTopic, type TopicFollower } from '@modelwatch/kafka';
import type { Logger } from '@modelwatch/telemetry';
import type { Warehouse } from '@modelwatch/warehouse';
import type { Consumer, Kafka, Producer } from 'kafkajs';
import { AlertEngine } from './alert-engine.ts';
import { AlertPublisher } from './alert-publisher.ts';
import { ALERT_CONTROL_TYPES, AlertControl } from './commands/alert-control.ts';
import { readModelHeadline } from './commands/model-status-query.ts';
import { DeliveryPipeline, type DeliveryEvents, type Integration } from './delivery/delivery-pipeline.ts';
import { NotificationLogStore } from './delivery/notification-log-store.ts';
import { OutboxStore } from './delivery/outbox-store.ts';
import { retryPolicy } from './delivery/retry-policy.ts';
import { AlertHistory } from './history/alert-history.ts';
import { MetricHistory } from './history/metric-history.ts';
import type { RoutingSetup } from './receivers/routing-setup.ts';
import { keepTrying } from './keep-trying.ts';
import { ruleChangesAtStart, rulesFromLog } from './rules-source.ts';

/** How far back a restart looks: notification log entries, and resolved alerts a group may still need to hear about. */
const RESTORE_WINDOW_MS = 5 * 24 * 3_600_000;
const RESOLVED_RECENTLY_MS = 24 * 3_600_000;

export interface AlertsServiceParts {
  readonly config: ModelwatchConfig;
  readonly kafka: Kafka;
  readonly producer: Producer;
  readonly warehouse: Warehouse;
  readonly log: Logger;
  readonly clock: Clock;
  readonly setup: RoutingSetup;
  readonly integrations: ReadonlyMap<string, readonly Integration[]>;
  /** Rules from the rules file, or null without one. */
  readonly fileRules: readonly Rule[] | null;
  readonly delivery?: DeliveryEvents;
  readonly onAlertChanges?: (changes: readonly Alert[]) => void;
}

export interface AlertsService {
  readonly engine: AlertEngine;
  readonly control: AlertControl;
  readonly pipeline: DeliveryPipeline;
  /** Notifications accepted by routing and not yet in the outbox. */
  pendingNotifications(): number;
  stop(): Promise<void>;
}

/**
 * Starts alerting: rebuilds its state from the logs (rules, silences and acknowledgements from
 * the control log, alert states from the alerts topic, the notification log and the outbox from
 * ClickHouse), then evaluates metric events as they come. Nothing is routed before the state is
 * back, so a restart neither forgets nor repeats a notification.
 */
export async function startAlertsService(parts: AlertsServiceParts): Promise<AlertsService> {
  const { config, kafka, producer, warehouse, log, clock } = parts;
  const topics = topicNames(config.kafka.topicPrefix);
  await ensureModelwatchTopics(kafka, config.kafka);
  const controlLog = new ControlLog(producer, topics.control, () => clock.now());
  const nflogStore = new NotificationLogStore(warehouse);
  const history = new MetricHistory(warehouse);
  const policy = retryPolicy();
  const pipeline = new DeliveryPipeline({
    outbox: new OutboxStore(warehouse),
    receivers: parts.integrations,
    retry: { delayMs: (attempt) => policy.nextDelayMs(attempt), retryable: (error) => policy.shouldRetry(error) },
    clock,
    timeoutMs: config.alerts.deliveryTimeoutMs,
    history: async (n) => (n.alerts[0] ? history.of(n.alerts[0]) : []),
    log,
    ...(parts.delivery ? { events: parts.delivery } : {}),
  });

  // Routing decides synchronously; storing the notifications (outbox, then notification log) is
  // batched, in order, and retried until it succeeds: a notification is never dropped.
  const waiting: Notification[] = [];
  let storing: Promise<void> | null = null;
  let stopped = false;
  // Each step is retried on its own: storing a batch in the outbox again after its first attempts
  // went out would make them pending again.
  const storeWaiting = async () => {
    while (waiting.length > 0) {
      const batch = waiting.splice(0);
      const retrying = { log, fields: { notifications: batch.length }, giveUp: () => stopped };
      await keepTrying('storing notifications in the outbox', () => pipeline.enqueue(batch), retrying);
      const entries = new Map(batch.map((n) => [`${n.receiver}\u0000${n.groupKey}`, engine.notificationLog.get(n.groupKey, n.receiver)]));
      await keepTrying('storing the notification log', () => nflogStore.save([...entries.values()].filter((e) => e !== undefined)), retrying);
    }
  };
  const store = (notification: Notification) => {
    waiting.push(notification);
    storing ??= storeWaiting().finally(() => {
      storing = null;
    });
  };
  const publisher = new AlertPublisher(producer, topics.alerts, new AlertHistory(warehouse), log);
  const engine = new AlertEngine({
    routing: parts.setup.routing,
    clock,
    publisher,
    onNotification: store,
  });
  const control = new AlertControl({
    engine,
    append: (draft) => controlLog.append(draft),
    headline: (model) => readModelHeadline(warehouse, model),
    now: () => clock.now(),
  });

  engine.notificationLog.restore(await nflogStore.load(clock.now() - RESTORE_WINDOW_MS));

  // The control log: replayed to its end, then followed.
  const replayed: ControlEvent[] = [];
  let live = false;
  const followers: TopicFollower[] = [];
  const controlFollower = await followTopic({
    kafka,
    topic: topics.control,
    groupPrefix: `${config.kafka.groupPrefix}alerts-control-`,
    onMessage: async (message) => {
      const event = message.value ? parseControlEvent(safeJson(message.value.toString('utf8'))) : null;
      if (!event) return;
      controlLog.observe(event);
      if (!live) replayed.push(event);
      else await control.applyFromLog(event).catch((error: unknown) => log.warn('applying a control event failed', { error, type: event.type }));
    },
  });
  followers.push(controlFollower);
  await controlFollower.caughtUp;

  const fromLog = rulesFromLog(replayed);
  const changes = ruleChangesAtStart(fromLog, parts.fileRules);
  const rules = new Map(fromLog.rules);
  for (const rule of changes) {
    await controlLog.append({
      type: ALERT_CONTROL_TYPES.ruleChanged,
      actor: { id: 'modelwatch', role: null, via: parts.fileRules ? 'file' : 'system' },
      subject: rule.id,
      payload: { rule: ruleToData(rule) },
    });
    rules.set(rule.id, rule);
  }
  await engine.setRules([...rules.values()]);
  for (const event of replayed) {
    if (event.type === ALERT_CONTROL_TYPES.silenceCreated || event.type === ALERT_CONTROL_TYPES.silenceExpired) await control.applyFromLog(event);
  }

  // Alert states: the last one per fingerprint on the compacted alerts topic.
  const lastStates = new Map<string, Alert>();
  const alertsReader = await followTopic({
    kafka,
    topic: topics.alerts,
    groupPrefix: `${config.kafka.groupPrefix}alerts-restore-`,
    untilCaughtUp: true,
    onMessage: (message) => {
      const event = message.value ? (safeJson(message.value.toString('utf8')) as AlertEvent | null) : null;
      if (!event || typeof event.fingerprint !== 'string') return;
      const alert = alertFromEvent(event);
      const seen = lastStates.get(alert.fingerprint);
      if (!seen || seen.updatedAt <= alert.updatedAt) lastStates.set(alert.fingerprint, alert);
    },
  });
  await alertsReader.caughtUp;
  await engine.restore([...lastStates.values()], clock.now() - RESOLVED_RECENTLY_MS);
  const resumed = await pipeline.restore();
  for (const event of replayed) if (event.type === ALERT_CONTROL_TYPES.acknowledged) await control.applyFromLog(event);
  live = true;
  log.info('alerting state restored', { rules: rules.size, alerts: lastStates.size, silences: engine.silences.all().length, deliveriesResumed: resumed });

  // Metric events: evaluated in order per model (the topic is keyed by model id).
  const consumer: Consumer = kafka.consumer({ groupId: `${config.kafka.groupPrefix}alerts`, maxWaitTimeInMs: 50 });
  await consumer.connect();
  await consumer.subscribe({ topic: topics.metrics, fromBeginning: true });
  await consumer.run({
    // A whole batch is evaluated and its alert changes published together: one produce and one
    // insert per batch, not per window, keeps the path from a window to its notification short.
    eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
      const events: MetricEvent[] = [];
      for (const message of batch.messages) {
        const parsed = message.value ? parseMetricEvent(safeJson(message.value.toString('utf8'))) : null;
        if (parsed?.ok) events.push(parsed.value);
        else log.warn('a metric event could not be read; skipped', { offset: message.offset, reason: parsed && !parsed.ok ? parsed.reason : 'empty record' });
      }
      const changes = await engine.evaluate(events);
      if (changes.length > 0) parts.onAlertChanges?.(changes);
      const last = batch.messages.at(-1);
      if (last) resolveOffset(last.offset);
      await heartbeat();
    },
  });

  // Alertmanager's retention of the notification log: entries older than the restore window go.
  const pruneTimer = setInterval(() => void engine.serially(() => engine.notificationLog.prune(clock.now() - RESTORE_WINDOW_MS)), 3_600_000);
  pruneTimer.unref();

  return {
    engine,
    control,
    pipeline,
    pendingNotifications: () => waiting.length,
    async stop() {
      stopped = true;
      clearInterval(pruneTimer);
      await consumer.disconnect();
      for (const f of followers) await f.stop();
      engine.stop();
      if (!(await publisher.flush())) log.warn('some alert changes are not in the alerts table yet; they are on the alerts topic');
      await storing?.catch((error: unknown) => log.error('notifications could not be stored before the stop; their alerts route them again at the next start', { error }));
      pipeline.stop();
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
