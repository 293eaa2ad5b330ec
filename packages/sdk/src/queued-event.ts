import type { EventKind } from './event-kind.ts';

/**
 * An event as it waits in the batch: its topic and key, and a snapshot of its value taken at
 * the call (JSON text, or the Avro-shaped object), so the caller may reuse its objects.
 */
export interface QueuedEvent {
  readonly kind: EventKind;
  readonly topic: string;
  readonly key: string;
  readonly value: string | Record<string, unknown>;
}
