import type { AcceptedEvent } from './event-kind.ts';
import type { QueuedEvent } from './queued-event.ts';

/** Turns events into record values: `snapshot` at the call, `encode` when the batch is sent. */
export interface EventEncoder {
  readonly encoding: 'json' | 'avro';
  snapshot(accepted: AcceptedEvent): QueuedEvent['value'];
  /** One entry per event: its bytes, or why that event alone cannot be encoded. Throws when none can (the registry is down). */
  encode(events: readonly QueuedEvent[]): Promise<(Buffer | Error)[]>;
}
