import { buildControlEvent, type ControlEvent, type ControlEventDraft } from '@modelwatch/core';
import type { Producer } from 'kafkajs';

/**
 * Appends events to the control log. Each event carries the hash of the last one this writer
 * knows (its own, or one read from the log through `observe`), so the log is a hash chain
 * that tampering breaks. Keyed by model id, else by subject, so one model's events stay in order.
 */
export class ControlLog {
  private lastHash: string | null = null;

  constructor(
    private readonly producer: Producer,
    private readonly topic: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Tells the writer about an event read from the log, to chain onto it. */
  observe(event: ControlEvent): void {
    this.lastHash = event.hash;
  }

  async append(draft: ControlEventDraft): Promise<ControlEvent> {
    const event = buildControlEvent(draft, this.now(), this.lastHash);
    await this.producer.send({
      topic: this.topic,
      acks: -1,
      messages: [{ key: event.model_id ?? event.subject ?? event.type, value: JSON.stringify(event), headers: { 'modelwatch.type': event.type } }],
    });
    this.lastHash = event.hash;
    return event;
  }
}
