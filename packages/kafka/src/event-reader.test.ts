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

  it('names the model of an invalid event only with ids a valid event could carry', () => {
    expect(reader.read(json({ ...valid, features: { amount: [1] } }))).toMatchObject({ ok: false, kind: 'validation', identity: { modelId: 'fraud', modelVersion: 'v1' } });
    const read = reader.read(json({ ...valid, model_id: '', model_version: 'x'.repeat(1000) }));
    expect(read).toEqual({ ok: false, kind: 'validation', reason: 'model_id must have 1 to 256 characters; model_version must have 1 to 256 characters', identity: {} });
  });
});
