import { alertToEvent, type Alert } from '@modelwatch/core';
import type { Logger } from '@modelwatch/telemetry';
import type { Producer } from 'kafkajs';
import type { AlertHistory } from './history/alert-history.ts';
import { keepTrying } from './keep-trying.ts';

/**
 * Publishes alert state changes to `modelwatch.alerts` (keyed by fingerprint; the compacted
 * topic a restart rebuilds from) before they are routed, and to the `alerts` history table
 * behind them: the table is for analysts, so a busy warehouse never delays a notification.
 * History writes are batched and retried until they land; `flush` waits for them.
 */
export class AlertPublisher {
  private readonly unwritten: Alert[] = [];
  private writing: Promise<void> | null = null;

  constructor(
    private readonly producer: Producer,
    private readonly topic: string,
    private readonly history: Pick<AlertHistory, 'write'>,
    private readonly log: Logger,
  ) {}

  async publish(changes: readonly Alert[]): Promise<void> {
    if (changes.length === 0) return;
    await retry(() =>
      this.producer.send({
        topic: this.topic,
        acks: -1,
        messages: changes.map((a) => ({ key: a.fingerprint, value: JSON.stringify(alertToEvent(a)) })),
      }),
    ).catch((error: unknown) => {
      this.log.error('publishing alert changes failed', { error, alerts: changes.length });
      throw error;
    });
    this.unwritten.push(...changes);
    this.writing ??= this.writeHistory().finally(() => {
      this.writing = null;
    });
  }

  /** Waits until every published change is in the history table, or `timeoutMs` passed (returns false then). */
  async flush(timeoutMs = 10_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.writing) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await Promise.race([this.writing, new Promise((resolve) => setTimeout(resolve, left).unref())]);
    }
    return true;
  }

  private async writeHistory(): Promise<void> {
    while (this.unwritten.length > 0) {
      const batch = this.unwritten.splice(0);
      // The changes are on the alerts topic; the table catches up when the warehouse is back.
      await keepTrying('writing alert history', () => this.history.write(batch), { log: this.log, fields: { alerts: batch.length } });
    }
  }
}

async function retry<T>(work: () => Promise<T>, attempts = 4): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await work();
    } catch (error) {
      if (i >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** i));
    }
  }
}
