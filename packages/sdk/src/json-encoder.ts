import type { EventEncoder } from './event-encoder.ts';

/** JSON text with the contract's snake_case names, the event as the caller gave it. */
export function createJsonEncoder(): EventEncoder {
  return {
    encoding: 'json',
    snapshot: (accepted) => JSON.stringify(accepted.event),
    encode: async (events) => events.map((e) => Buffer.from(typeof e.value === 'string' ? e.value : JSON.stringify(e.value), 'utf8')),
  };
}
