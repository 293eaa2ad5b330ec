import { alertToEvent, type Alert } from '@modelwatch/core';
import type { Logger } from '@modelwatch/telemetry';
import type { Producer } from 'kafkajs';
import type { AlertHistory } from './history/alert-history.ts';

/**
 * Publishes alert state changes: to `modelwatch.alerts` (keyed by fingerprint; the compacted
 * topic a restart rebuilds from) and to the `alerts` history table. Both are retried a few
 * times; a change that still fails throws, so the metric event behind it is read again.
 */
export class AlertPublisher {
  constructor(
    private readonly producer: Producer,
    private readonly topic: string,
    private readonly history: Pick<AlertHistory, 'write'>,
    private readonly log: Logger,
  ) {}

  async publish(changes: readonly Alert[]): Promise<void> {
    if (changes.length === 0) return;
    await Promise.all([
      retry(() =>
        this.producer.send({
          topic: this.topic,
          acks: -1,
          messages: changes.map((a) => ({ key: a.fingerprint, value: JSON.stringify(alertToEvent(a)) })),
        }),
      ),
      retry(() => this.history.write(changes)),
    ]).catch((error: unknown) => {
      this.log.error('publishing alert changes failed', { error, alerts: changes.length });
      throw error;
    });
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
