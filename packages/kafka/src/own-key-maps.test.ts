import { readFileSync } from 'node:fs';
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import avro from 'avsc';
import { describe, expect, it } from 'vitest';
import { withOwnKeyMaps } from './own-key-maps.ts';
import { RecordDecoder } from './record-decoder.ts';

const inference = avro.Type.forSchema(JSON.parse(readFileSync(new URL('../../../schemas/inference-event.avsc', import.meta.url), 'utf8')));
const event = {
  event_id: null,
  model_id: 'm',
  model_version: 'v1',
  prediction_id: 'p',
  timestamp: 1_795_860_000_000,
  features: JSON.parse('{"__proto__": 1.5, "constructor": "x", "toString": true, "valueOf": null}'),
  prediction: 'ok',
  scores: JSON.parse('{"__proto__": 0.25}'),
  latency_ms: null,
  status: null,
  segments: JSON.parse('{"__proto__": "web"}'),
  attributions: null,
};

describe('withOwnKeyMaps', () => {
  it('reads every map key as an own property, where avsc drops __proto__', () => {
    const body = inference.toBuffer(event);
    expect(Object.keys((inference.fromBuffer(body) as typeof event).features)).toEqual(['constructor', 'toString', 'valueOf']);
    const read = withOwnKeyMaps(inference).fromBuffer(body) as typeof event;
    expect(Object.entries(read.features)).toEqual([['__proto__', 1.5], ['constructor', 'x'], ['toString', true], ['valueOf', null]]);
    expect(Object.getPrototypeOf(read.features)).toBe(Object.prototype);
    expect(read).toEqual(event);
  });

  it('reads blocks with a negative count and a byte size, as other encoders write them', () => {
    const key = Buffer.from('__proto__');
    const value = Buffer.alloc(8);
    value.writeDoubleLE(2.5);
    // count -1 (zigzag 1), byte size 18 (zigzag 36), key length 9 (zigzag 18), key, value, end block.
    const body = Buffer.concat([Buffer.from([0x01, 0x24, 0x12]), key, value, Buffer.from([0x00])]);
    const map = withOwnKeyMaps(avro.Type.forSchema({ type: 'map', values: 'double' })).fromBuffer(body);
    expect(Object.entries(map as object)).toEqual([['__proto__', 2.5]]);
  });

  it('is what RecordDecoder reads Avro records with', async () => {
    const registry = { getSchema: async () => inference } as unknown as SchemaRegistry;
    const header = Buffer.from([0, 0, 0, 0, 7]);
    const decoded = await new RecordDecoder(registry).decode(Buffer.concat([header, inference.toBuffer(event)]));
    expect(decoded.ok && Object.keys((decoded.value as typeof event).features)).toEqual(['__proto__', 'constructor', 'toString', 'valueOf']);
  });
});
