import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type avro from 'avsc';
import { withOwnKeyMaps } from './own-key-maps.ts';

/** Why a record could not be read as an event; the DLQ and the rejections table group by it. */
export type RejectionKind = 'oversized' | 'encoding' | 'json' | 'avro' | 'schema' | 'validation';

export type Decoded = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly kind: RejectionKind; readonly reason: string };

/** A failure of the infrastructure, not of the record: the batch is retried, never sent to the DLQ. */
export class RetriableDecodeError extends Error {
  readonly retriable = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RetriableDecodeError';
  }
}

type AvroType = Pick<avro.Type, 'fromBuffer' | 'schema'>;

/**
 * Reads a record value as a JSON or Avro event, deciding per record: Confluent's wire format
 * starts with the magic byte 0 and a 4-byte schema id, JSON text with `{`. Schemas are fetched
 * once per id and cached by the registry client. Both keep every map key as an own property,
 * `__proto__` too (see own-key-maps.ts).
 */
export class RecordDecoder {
  private readonly utf8 = new TextDecoder('utf-8', { fatal: true });
  private readonly types = new Map<number, AvroType>();

  constructor(private readonly registry?: SchemaRegistry) {}

  /** Synchronous when the record is JSON or its Avro schema is cached; a promise otherwise. */
  decode(bytes: Buffer): Decoded | Promise<Decoded> {
    if (bytes.length === 0) return { ok: false, kind: 'encoding', reason: 'the record has no value (a tombstone or an empty message)' };
    const first = firstSignificantByte(bytes);
    if (first === 0x7b) return this.decodeJson(bytes);
    if (bytes[0] === 0x00) {
      if (bytes.length < 5) return { ok: false, kind: 'avro', reason: `an Avro record needs 5 header bytes, this one has ${bytes.length}` };
      const schemaId = bytes.readInt32BE(1);
      const type = this.types.get(schemaId);
      return type ? decodeAvro(type, bytes, schemaId) : this.fetchAndDecode(bytes, schemaId);
    }
    return {
      ok: false,
      kind: 'encoding',
      reason: `the value is neither JSON (starts with "{") nor Confluent Avro (starts with byte 0); it starts with byte 0x${bytes[0]!.toString(16).padStart(2, '0')}`,
    };
  }

  private decodeJson(bytes: Buffer): Decoded {
    let text: string;
    try {
      text = this.utf8.decode(bytes);
    } catch {
      return { ok: false, kind: 'encoding', reason: 'the value is not valid UTF-8 text' };
    }
    try {
      return { ok: true, value: JSON.parse(text) };
    } catch (error) {
      return { ok: false, kind: 'json', reason: `invalid JSON: ${(error as Error).message}` };
    }
  }

  private async fetchAndDecode(bytes: Buffer, schemaId: number): Promise<Decoded> {
    if (!this.registry) {
      return { ok: false, kind: 'schema', reason: `the record is Avro (schema id ${schemaId}) but no schema registry is configured (set MODELWATCH_SCHEMA_REGISTRY_URL)` };
    }
    let type: AvroType;
    try {
      type = (await this.registry.getSchema(schemaId)) as unknown as AvroType;
    } catch (error) {
      if (isNotFound(error)) return { ok: false, kind: 'schema', reason: `schema id ${schemaId} is not in the schema registry` };
      throw new RetriableDecodeError(`the schema registry did not answer for schema id ${schemaId}`, { cause: error });
    }
    if (typeof type?.fromBuffer !== 'function' || typeof type.schema !== 'function') {
      return { ok: false, kind: 'schema', reason: `schema id ${schemaId} is not an Avro schema` };
    }
    const ownKeys = withOwnKeyMaps(type as avro.Type);
    this.types.set(schemaId, ownKeys);
    return decodeAvro(ownKeys, bytes, schemaId);
  }
}

function decodeAvro(type: AvroType, bytes: Buffer, schemaId: number): Decoded {
  try {
    return { ok: true, value: type.fromBuffer(bytes.subarray(5)) };
  } catch (error) {
    return { ok: false, kind: 'avro', reason: `the Avro body does not match schema id ${schemaId}: ${(error as Error).message}` };
  }
}

function firstSignificantByte(bytes: Buffer): number | undefined {
  for (let i = 0; i < bytes.length && i < 64; i++) {
    const b = bytes[i]!;
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return b;
  }
  return undefined;
}

function isNotFound(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { status?: unknown; message?: unknown };
  return e.status === 404 || (typeof e.message === 'string' && /\b(404|40403|not found)\b/i.test(e.message));
}
