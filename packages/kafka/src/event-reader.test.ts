import { readFileSync } from 'node:fs';
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import avro from 'avsc';
import { describe, expect, it } from 'vitest';
import { validateInferenceEvent } from '@modelwatch/core';
import { EventReader } from './event-reader.ts';
import { RecordDecoder } from './record-decoder.ts';

const reader = new EventReader({ decoder: new RecordDecoder(), validate: validateInferenceEvent, maxEventBytes: 2048 });
const valid = { model_id: 'fraud', model_version: 'v1', prediction_id: 'p', timestamp: 1_795_860_000_000, features: { amount: 1 }, prediction: 'ok' };
const json = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('EventReader', () => {
  it('reads a valid event', () => {
    const read = reader.read(json(valid));
    expect(read).toMatchObject({ ok: true, value: { modelId: 'fraud', numericFeatures: { amount: 1 } } });
  });

  it.each([
    ['no value', null, 'encoding', 'no value'],
    ['an empty value', Buffer.alloc(0), 'encoding', 'no value'],
    ['an oversized value', json({ ...valid, features: { blob: 'x'.repeat(3000) } }), 'oversized', 'the limit is 2048 (ingest.max_event_bytes)'],
    ['invalid JSON', Buffer.from('{"model_id": "fraud",'), 'json', 'invalid JSON'],
  ])('refuses %s without naming a model', (_, value, kind, reason) => {
    const read = reader.read(value);
    expect(read).toMatchObject({ ok: false, kind, identity: {} });
    expect(read).toHaveProperty('reason', expect.stringContaining(reason));
  });

  it('reads a text feature of thousands of characters whole, from JSON and from Avro', async () => {
    const ticket = `Ça ne marche pas 😀 ${'the export button does nothing, '.repeat(160)}`;
    expect(ticket.length).toBeGreaterThan(5000);
    const wide = new EventReader({ decoder: new RecordDecoder(), validate: validateInferenceEvent, maxEventBytes: 512 * 1024 });
    expect(wide.read(json({ ...valid, features: { ticket } }))).toMatchObject({ ok: true, value: { categoricalFeatures: { ticket } } });

    const schema = avro.Type.forSchema(JSON.parse(readFileSync(new URL('../../../schemas/inference-event.avsc', import.meta.url), 'utf8')));
    const registry = { getSchema: async () => schema } as unknown as SchemaRegistry;
    const avroReader = new EventReader({ decoder: new RecordDecoder(registry), validate: validateInferenceEvent, maxEventBytes: 512 * 1024 });
    const body = schema.toBuffer({
      event_id: null, ...valid, features: { ticket, amount: 1 }, scores: null, latency_ms: null, status: null, segments: null, attributions: null,
    });
    const read = await avroReader.read(Buffer.concat([Buffer.from([0, 0, 0, 0, 3]), body]));
    expect(read.ok).toBe(true);
    if (read.ok) expect(read.value.categoricalFeatures['ticket']).toBe(ticket);
    // Still bounded by the record limit.
    expect(reader.read(json({ ...valid, features: { ticket } }))).toMatchObject({ ok: false, kind: 'oversized' });
  });

  it('names the model of an invalid event only with ids a valid event could carry', () => {
    expect(reader.read(json({ ...valid, features: { amount: [1] } }))).toMatchObject({ ok: false, kind: 'validation', identity: { modelId: 'fraud', modelVersion: 'v1' } });
    const read = reader.read(json({ ...valid, model_id: '', model_version: 'x'.repeat(1000) }));
    expect(read).toEqual({ ok: false, kind: 'validation', reason: 'model_id must have 1 to 256 characters; model_version must have 1 to 256 characters', identity: {} });
  });
});
