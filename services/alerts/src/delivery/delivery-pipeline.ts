import type { Clock, Notification } from '@modelwatch/core';
import type { Logger } from '@modelwatch/telemetry';
import type { DeliveryContext, Notifier, ReceiverData } from '../channels/notifier.ts';
import type { HistoryPoint } from '../history/metric-history.ts';
import { receiverDataKey, type OutboxEntry, type OutboxStore } from './outbox-store.ts';

/** One channel of one receiver, e.g. `oncall/slack/0`. */
export interface Integration {
  readonly id: string;
  readonly notifier: Notifier;
}

export interface RetryDecision {
  /** Delay before attempt number `attempt` (1 = the first retry). */
  delayMs(attempt: number): number;
  /** False when sending again cannot help (a 4xx, a refused address). */
  retryable(error: unknown): boolean;
}

export interface DeliveryEvents {
  delivered?(entry: OutboxEntry, at: number): void;
  failed?(entry: OutboxEntry, error: unknown, willRetry: boolean): void;
}

export interface DeliveryPipelineOptions {
  readonly outbox: Pick<OutboxStore, 'save' | 'pending' | 'receiverData'>;
  readonly receivers: ReadonlyMap<string, readonly Integration[]>;
  readonly retry: RetryDecision;
  readonly clock: Clock;
  readonly timeoutMs: number;
  readonly history: (notification: Notification) => Promise<readonly HistoryPoint[]>;
  readonly log: Logger;
  readonly events?: DeliveryEvents;
}

/**
 * Delivers notifications through the outbox: each one is stored for every integration of its
 * receiver before the first attempt, every outcome is stored, failures are retried with backoff
 * (after a restart too, from the stored rows), and a refused one is parked as `failed`, never
 * dropped. Notifications of one group to one integration go out in order, so a Slack thread
 * reply never overtakes its parent.
 */
export class DeliveryPipeline {
  private readonly receiverData = new Map<string, ReceiverData>();
  /** Per group and integration: the entries waiting, the first one in flight or backing off. */
  private readonly queues = new Map<string, OutboxEntry[]>();
  private readonly running = new Set<string>();
  /** Notification and integration ids already queued, oldest first: a bounded memory of what was taken. */
  private readonly pushed = new Set<string>();
  private readonly cancels = new Set<() => void>();
  private readonly idleWaiters: (() => void)[] = [];
  private stopped = false;
  private lastUpdate = 0;

  constructor(private readonly options: DeliveryPipelineOptions) {}

  /** Loads what the last run left: receiver data (threads) and pending entries, and resumes them. */
  async restore(): Promise<number> {
    for (const [key, data] of await this.options.outbox.receiverData()) this.receiverData.set(key, data);
    const pending = await this.options.outbox.pending();
    for (const entry of pending) this.push(entry);
    return pending.length;
  }

  /** Stores the notifications for each integration of their receivers (one insert), then starts delivering. */
  async enqueue(notifications: readonly Notification[]): Promise<void> {
    const now = this.options.clock.now();
    const entries: OutboxEntry[] = notifications.flatMap((notification) => (this.options.receivers.get(notification.receiver) ?? []).map((i) => ({
      notification,
      integration: i.id,
      kind: i.notifier.kind,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      lastError: '',
      receiverData: undefined,
      createdAt: now,
      updatedAt: this.stamp(),
    } satisfies OutboxEntry)));
    if (entries.length === 0) return;
    // The first attempt does not wait for the outbox: a crash before the row is stored also
    // loses the notification log entry (stored after it), so the alert is routed and sent
    // again at the next start. Retries do wait: an attempt's outcome is stored after its row,
    // and the newer update time wins whichever insert lands first.
    for (const entry of entries) this.push(entry);
    await this.options.outbox.save(entries);
  }

  /** Entries not yet delivered or parked (in memory). */
  inFlight(): number {
    let n = 0;
    for (const q of this.queues.values()) n += q.length;
    return n;
  }

  /** Resolves when nothing is waiting (for tests and a clean stop). */
  async idle(): Promise<void> {
    if (this.inFlight() === 0) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  stop(): void {
    this.stopped = true;
    for (const cancel of this.cancels) cancel();
    this.cancels.clear();
  }

  private push(entry: OutboxEntry): void {
    // A batch stored again after a failed insert must not send twice what already went out.
    const id = `${entry.notification.id}\u0000${entry.integration}`;
    if (this.pushed.has(id)) return;
    this.pushed.add(id);
    if (this.pushed.size > 100_000) this.pushed.delete(this.pushed.values().next().value!);
    const key = receiverDataKey(entry.notification.groupKey, entry.integration);
    const queue = this.queues.get(key);
    if (queue) {
      queue.push(entry);
    } else {
      this.queues.set(key, [entry]);
    }
    if (!this.running.has(key)) this.schedule(key, Math.max(0, entry.nextAttemptAt - this.options.clock.now()));
  }

  private schedule(key: string, delayMs: number): void {
    if (this.stopped) return;
    this.running.add(key);
    const cancel = this.options.clock.schedule(delayMs, () => {
      this.cancels.delete(cancel);
      void this.attempt(key);
    });
    this.cancels.add(cancel);
  }

  private async attempt(key: string): Promise<void> {
    const queue = this.queues.get(key);
    const entry = queue?.[0];
    if (!queue || !entry || this.stopped) {
      this.running.delete(key);
      return;
    }
    const integration = (this.options.receivers.get(entry.notification.receiver) ?? []).find((i) => i.id === entry.integration);
    let next: OutboxEntry;
    if (!integration) {
      // The receiver or its channel was removed from the routing config since this was stored.
      next = { ...entry, status: 'failed', lastError: `integration ${entry.integration} is no longer configured`, updatedAt: this.stamp() };
    } else {
      next = await this.send(entry, integration, key);
    }
    try {
      await this.options.outbox.save([next]);
    } catch (error) {
      // The outcome is not stored: try the whole step again later rather than lose track of it.
      this.options.log.warn('storing a delivery outcome failed; retried', { error, integration: entry.integration });
      this.schedule(key, this.options.retry.delayMs(1));
      return;
    }
    if (next.status === 'pending') {
      queue[0] = next;
      this.schedule(key, Math.max(0, next.nextAttemptAt - this.options.clock.now()));
      return;
    }
    queue.shift();
    if (queue.length === 0) {
      this.queues.delete(key);
      this.running.delete(key);
      if (this.inFlight() === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
    } else {
      this.schedule(key, 0);
    }
  }

  private async send(entry: OutboxEntry, integration: Integration, key: string): Promise<OutboxEntry> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error(`no answer within ${this.options.timeoutMs} ms`)), this.options.timeoutMs);
    try {
      // Only channels that draw a chart pay for the history query.
      const history = integration.notifier.drawsHistory ? await this.options.history(entry.notification).catch(() => []) : [];
      const context: DeliveryContext = { previous: this.receiverData.get(key), history, signal: controller.signal };
      const returned = await withDeadline(integration.notifier.send(entry.notification, context), controller.signal);
      const data = returned ?? this.receiverData.get(key);
      if (data) this.receiverData.set(key, data);
      const delivered: OutboxEntry = { ...entry, status: 'delivered', attempts: entry.attempts + 1, lastError: '', receiverData: data, updatedAt: this.stamp() };
      this.options.events?.delivered?.(delivered, this.options.clock.now());
      return delivered;
    } catch (error) {
      const retry = this.options.retry.retryable(error);
      const attempts = entry.attempts + 1;
      const message = error instanceof Error ? error.message : String(error);
      this.options.events?.failed?.(entry, error, retry);
      this.options.log.warn(retry ? 'delivery failed; retried with backoff' : 'delivery refused; parked as failed', {
        integration: entry.integration,
        group: entry.notification.groupKey,
        attempts,
        error: message,
      });
      return {
        ...entry,
        status: retry ? 'pending' : 'failed',
        attempts,
        nextAttemptAt: this.options.clock.now() + (retry ? this.options.retry.delayMs(attempts) : 0),
        lastError: message.slice(0, 1000),
        updatedAt: this.stamp(),
      };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Strictly increasing update times: the outbox keeps the row with the newest one. */
  private stamp(): number {
    this.lastUpdate = Math.max(this.lastUpdate + 1, Date.now());
    return this.lastUpdate;
  }
}

/** Rejects when the signal aborts, even if the channel ignores it. */
function withDeadline<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason instanceof Error ? signal.reason : new Error('delivery timed out'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
