import { describe, expect, it } from 'vitest';
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { createAvroEncoder } from './avro-encoder.ts';
import { checkGroundTruthEvent, checkInferenceEvent } from './event-check.ts';
import type { QueuedEvent } from './queued-event.ts';
import { InvalidEventError, SchemaRegistryError } from './sdk-errors.ts';
import { sampleGroundTruth, sampleInference } from './test-events.ts';

const topics = { inference: 'mw.inference', 'ground-truth': 'mw.ground-truth' } as const;

/** A registry whose registrations and encodes are counted; `encode` frames the JSON text. */
function fakes(options: { registerStatus?: () => number; encode?: (id: number, payload: unknown) => Promise<Buffer> } = {}) {
  const registrations: string[] = [];
  const fetchImpl = (async (url: string | URL | Request, init?: RequestInit) => {
    const subject = decodeURIComponent(String(url).split('/subjects/')[1]!.split('/')[0]!);
    registrations.push(subject);
    const schema = JSON.parse(JSON.parse(String(init?.body)).schema) as { name: string };
    const status = options.registerStatus?.() ?? 200;
    return new Response(JSON.stringify(status === 200 ? { id: schema.name === 'InferenceEvent' ? 11 : 12 } : { message: 'down' }), { status });
  }) as typeof fetch;
  const registry = {
    encode: options.encode ?? (async (id: number, payload: unknown) => Buffer.concat([Buffer.from([0, 0, 0, 0, id]), Buffer.from(JSON.stringify(payload))])),
  } as unknown as SchemaRegistry;
  const encoder = createAvroEncoder({ registry, registryUrl: 'http://reg/apis/ccompat/v7', topics, fetchImpl });
  return { encoder, registrations };
}

function queued(encoder: ReturnType<typeof fakes>['encoder'], n: number): QueuedEvent[] {
  const inference = checkInferenceEvent(sampleInference(n));
  const label = checkGroundTruthEvent(sampleGroundTruth(n));
  return [
    { kind: 'inference', topic: topics.inference, key: inference.key, value: encoder.snapshot(inference) },
    { kind: 'ground-truth', topic: topics['ground-truth'], key: label.key, value: encoder.snapshot(label) },
  ];
}

describe('createAvroEncoder', () => {
  it('registers each schema file once under <topic>-value and frames with its id', async () => {
    const { encoder, registrations } = fakes();
    const first = await encoder.encode(queued(encoder, 1));
    await encoder.encode(queued(encoder, 2));
    expect(registrations).toEqual(['mw.inference-value', 'mw.ground-truth-value']);
    const [inference, label] = first as Buffer[];
    expect(inference!.readInt32BE(1)).toBe(11);
    expect(label!.readInt32BE(1)).toBe(12);
    expect(JSON.parse(inference!.subarray(5).toString())).toMatchObject({ prediction_id: 'p-1', timestamp: Date.parse('2026-11-28T10:00:00.000Z'), event_id: null });
  });

  it('fails the batch while the registry fails, then registers on the next batch', async () => {
    let status = 503;
    const { encoder, registrations } = fakes({ registerStatus: () => status });
    const error = await encoder.encode(queued(encoder, 1)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SchemaRegistryError);
    expect((error as SchemaRegistryError).retriable).toBe(true);
    status = 200;
    await expect(encoder.encode(queued(encoder, 1))).resolves.toHaveLength(2);
    expect(registrations.filter((s) => s === 'mw.inference-value')).toHaveLength(2);
  });

  it('refuses alone an event that does not fit the schema', async () => {
    const { encoder } = fakes({
      encode: async (id, payload) => {
        if ((payload as { prediction_id: string }).prediction_id === 'p-2' && 'features' in (payload as object)) {
          throw Object.assign(new Error('invalid payload'), { name: 'ConfluentSchemaRegistryValidationError', paths: [['features', 'x']] });
        }
        return Buffer.from([0, 0, 0, 0, id]);
      },
    });
    const out = await encoder.encode([...queued(encoder, 1), ...queued(encoder, 2)]);
    expect(out.map((o) => o instanceof InvalidEventError)).toEqual([false, false, true, false]);
    expect((out[2] as InvalidEventError).fields).toEqual(['features.x']);
  });
});
