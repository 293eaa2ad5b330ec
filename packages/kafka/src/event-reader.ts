import { modelIdentityOf, type ModelIdentity, type Validation } from '@modelwatch/core';
import type { Decoded, RecordDecoder, RejectionKind } from './record-decoder.ts';

/** A record read as an event, or why it is refused and the model it names (see modelIdentityOf). */
export type ReadEvent<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly kind: RejectionKind; readonly reason: string; readonly identity: ModelIdentity };

export interface EventReaderOptions<T> {
  readonly decoder: RecordDecoder;
  readonly validate: (value: unknown) => Validation<T>;
  /** Larger records are refused as oversized (ingest.max_event_bytes). */
  readonly maxEventBytes: number;
}

const NO_IDENTITY: ModelIdentity = {};

/**
 * Reads a record value as an event: its size, its encoding, then the validator. Ingest refuses
 * (to the DLQ) exactly what this refuses, and the metrics service, which reads the same topics,
 * counts exactly those refusals; both read records through it so the two cannot drift apart.
 */
export class EventReader<T> {
  constructor(private readonly options: EventReaderOptions<T>) {}

  /** Synchronous when the decoder is (JSON, or Avro with a cached schema). */
  read(value: Buffer | null): ReadEvent<T> | Promise<ReadEvent<T>> {
    if (value === null || value.length === 0) return refused('encoding', 'the record has no value (a tombstone or an empty message)');
    const { maxEventBytes, decoder } = this.options;
    if (value.length > maxEventBytes) return refused('oversized', `the record has ${value.length} bytes; the limit is ${maxEventBytes} (ingest.max_event_bytes)`);
    const decoded = decoder.decode(value);
    return decoded instanceof Promise ? decoded.then((d) => this.validate(d)) : this.validate(decoded);
  }

  private validate(decoded: Decoded): ReadEvent<T> {
    if (!decoded.ok) return refused(decoded.kind, decoded.reason);
    const valid = this.options.validate(decoded.value);
    return valid.ok ? valid : { ok: false, kind: 'validation', reason: valid.reason, identity: modelIdentityOf(decoded.value) };
  }
}

function refused(kind: RejectionKind, reason: string): ReadEvent<never> {
  return { ok: false, kind, reason, identity: NO_IDENTITY };
}
