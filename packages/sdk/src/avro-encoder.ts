import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { toAvroPayload } from './avro-payload.ts';
import type { EventEncoder } from './event-encoder.ts';
import type { EventKind } from './event-kind.ts';
import { registerSchema } from './schema-registration.ts';
import { readEventSchema } from './schema-files.ts';
import { InvalidEventError, SchemaRegistryError } from './sdk-errors.ts';

export interface AvroEncoderOptions {
  readonly registry: SchemaRegistry;
  readonly registryUrl: string;
  /** The topic of each kind; the schema goes under `<topic>-value` (TopicNameStrategy). */
  readonly topics: Record<EventKind, string>;
  readonly schemasDir?: string;
  readonly fetchImpl?: typeof fetch;
}

/**
 * Confluent-framed Avro (magic byte 0, 4-byte schema id, Avro body). Each kind's schema file
 * is registered under its subject once, on the first batch that carries that kind; a failed
 * registration is tried again with the next batch.
 */
export function createAvroEncoder(options: AvroEncoderOptions): EventEncoder {
  const ids = new Map<EventKind, Promise<number>>();

  const schemaId = (kind: EventKind): Promise<number> => {
    let id = ids.get(kind);
    if (!id) {
      const subject = `${options.topics[kind]}-value`;
      id = Promise.resolve()
        .then(() => readEventSchema(kind, options.schemasDir))
        .then((schema) => registerSchema(options.registryUrl, subject, schema, options.fetchImpl));
      id.catch(() => ids.delete(kind));
      ids.set(kind, id);
    }
    return id;
  };

  return {
    encoding: 'avro',
    snapshot: (accepted) => toAvroPayload(accepted),
    async encode(events) {
      const kinds = [...new Set(events.map((e) => e.kind))];
      const resolved = new Map<EventKind, number>();
      for (const kind of kinds) resolved.set(kind, await schemaId(kind));
      const out: (Buffer | Error)[] = [];
      for (const event of events) {
        const id = resolved.get(event.kind)!;
        try {
          out.push(await options.registry.encode(id, event.value));
        } catch (error) {
          const failure = encodeFailure(event.kind, id, error);
          if (!(failure instanceof InvalidEventError)) throw failure;
          out.push(failure);
        }
      }
      return out;
    },
  };
}

/** An event that does not fit the schema is refused alone; a registry that fails fails the batch. */
function encodeFailure(kind: EventKind, id: number, error: unknown): Error {
  const e = error as { name?: string; message?: string; paths?: string[][]; status?: number };
  if (e.name === 'ConfluentSchemaRegistryValidationError' || Array.isArray(e.paths)) {
    const paths = (e.paths ?? []).map((p) => p.join('.'));
    const problems = paths.length > 0 ? paths.map((field) => ({ field, message: `${field} does not fit the Avro schema (id ${id})` })) : [{ field: '(event)', message: `does not fit the Avro schema (id ${id}): ${e.message ?? ''}` }];
    return new InvalidEventError(kind, problems);
  }
  const status = typeof e.status === 'number' ? e.status : undefined;
  return new SchemaRegistryError(`encoding with schema id ${id} failed: ${e.message ?? String(error)}`, {
    retriable: status === undefined || status >= 500,
    cause: error,
  });
}
