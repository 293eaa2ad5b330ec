import { describe, expect, it } from 'vitest';
import { modelIdentityOf } from './model-identity.ts';

describe('modelIdentityOf', () => {
  it('keeps the ids a valid event could carry', () => {
    expect(modelIdentityOf({ model_id: 'fraud', model_version: '3', features: 'not a map' })).toEqual({ modelId: 'fraud', modelVersion: '3' });
    expect(modelIdentityOf({ model_id: 'm'.repeat(256) })).toEqual({ modelId: 'm'.repeat(256) });
  });

  it.each([
    ['an empty id', { model_id: '', model_version: '' }],
    ['a 10,000-character id', { model_id: 'x'.repeat(10_000), model_version: 'v'.repeat(257) }],
    ['ids that are not strings', { model_id: 7, model_version: ['v1'] }],
    ['no ids', {}],
  ])('leaves out %s', (_, record) => {
    expect(modelIdentityOf(record)).toEqual({});
  });

  it.each([null, 'fraud', [{ model_id: 'fraud' }], 42])('reads nothing from %j', (record) => {
    expect(modelIdentityOf(record)).toEqual({});
  });
});
