import {
  Dispatcher,
  NotificationLog,
  RuleEngine,
  SilenceStore,
  type Alert,
  type Clock,
  type MetricEvent,
  type ModelActivity,
  type Notification,
  type Rule,
  type RoutingConfig,
  type Silence,
} from '@modelwatch/core';
import type { AlertPublisher } from './alert-publisher.ts';

export interface AlertEngineOptions {
  readonly routing: RoutingConfig;
  readonly clock: Clock;
  readonly publisher: Pick<AlertPublisher, 'publish'>;
  /** Receives every notification the routing decides on; must not throw. */
  readonly onNotification: (notification: Notification) => void;
}

/**
 * The alerting state of one process: rules turn metric events and scheduled facts into alert
 * changes, which are published and then routed (groups, inhibition, silences, dedup,
 * acknowledgement, escalation). Every change goes through one queue, so a metric event, a
 * Slack click and a scheduled check never interleave halfway.
 */
export class AlertEngine {
  readonly silences = new SilenceStore();
  readonly notificationLog = new NotificationLog();
  readonly dispatcher: Dispatcher;
  private readonly rules = new RuleEngine([]);
  private ruleBook = new Map<string, Rule>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: AlertEngineOptions) {
    this.dispatcher = new Dispatcher({
      routing: options.routing,
      clock: options.clock,
      silences: this.silences,
      notificationLog: this.notificationLog,
      onNotification: options.onNotification,
    });
  }

  /** Runs `work` after everything queued before it. */
  serially<T>(work: () => Promise<T> | T): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  currentRules(): Rule[] {
    return [...this.ruleBook.values()];
  }

  rule(id: string): Rule | undefined {
    return this.ruleBook.get(id);
  }

  /** Replaces the rules; firing alerts of removed or re-labelled rules resolve. */
  setRules(rules: readonly Rule[]): Promise<Alert[]> {
    return this.serially(async () => {
      this.ruleBook = new Map(rules.map((r) => [r.id, r]));
      return this.apply(this.rules.setRules(rules, this.options.clock.now()));
    });
  }

  /**
   * After a restart: the last published state of every alert. Firing ones are rebuilt and routed
   * again (the restored notification log keeps them from being notified twice); recently resolved
   * ones are routed so a group that was told they fire hears they resolved.
   */
  restore(lastStates: readonly Alert[], resolvedSinceMs: number): Promise<void> {
    return this.serially(async () => {
      const now = this.options.clock.now();
      const resolvedNow = this.rules.restore(lastStates, now);
      for (const alert of lastStates) {
        if (alert.state === 'firing' || (alert.state === 'resolved' && (alert.endsAt ?? 0) >= resolvedSinceMs)) this.dispatcher.upsert(alert);
      }
      await this.apply(resolvedNow);
    });
  }

  /** Evaluates a batch of metric events in order and publishes their changes together. */
  evaluate(events: readonly MetricEvent[]): Promise<Alert[]> {
    return this.serially(() => {
      const now = this.options.clock.now();
      return this.apply(events.flatMap((event) => this.rules.evaluate(event, now)));
    });
  }

  checkSchedule(facts: readonly ModelActivity[]): Promise<Alert[]> {
    return this.serially(() => this.apply(this.rules.checkSchedule(facts, this.options.clock.now())));
  }

  resolveByHand(fingerprints: readonly string[]): Promise<Alert[]> {
    return this.serially(() => {
      const now = this.options.clock.now();
      return this.apply(fingerprints.flatMap((fp) => this.rules.resolveByHand(fp, now) ?? []));
    });
  }

  acknowledge(groupKeys: readonly string[], by: string): Promise<string[]> {
    return this.serially(() => groupKeys.filter((key) => this.dispatcher.acknowledge(key, by)));
  }

  silence(silence: Silence): Promise<void> {
    return this.serially(() => this.silences.upsert(silence));
  }

  expireSilence(id: string): Promise<Silence | undefined> {
    return this.serially(() => this.silences.expire(id, this.options.clock.now()));
  }

  /** Pending and firing alerts now. */
  active(): Alert[] {
    return this.rules.active();
  }

  stop(): void {
    this.dispatcher.stop();
  }

  /** Publishes the changes, then routes them: an alert is on the log before anyone is told. */
  private async apply(changes: Alert[]): Promise<Alert[]> {
    if (changes.length === 0) return changes;
    await this.options.publisher.publish(changes);
    for (const alert of changes) this.dispatcher.upsert(alert);
    return changes;
  }
}
