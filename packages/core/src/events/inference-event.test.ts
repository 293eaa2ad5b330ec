import { describe, expect, it } from 'vitest';
import { validateInferenceEvent } from './inference-event.ts';

const valid = {
  model_id: 'fraud',
  model_version: '3',
  prediction_id: 'req-1',
  timestamp: '2026-11-28T10:00:00.000Z',
  features: { amount: 42.5, country: 'DE', is_new: true, age: null },
  prediction: 'fraud',
  scores: { fraud: 0.9, ok: 0.1 },
  latency_ms: 12,
  segments: { channel: 'web' },
  attributions: { amount: 0.4 },
};

function reason(event: unknown): string {
  const result = validateInferenceEvent(event);
  if (result.ok) throw new Error('expected a refusal');
  return result.reason;
}

describe('validateInferenceEvent', () => {
  it('normalises a valid event', () => {
    const result = validateInferenceEvent(valid);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toEqual({
      eventId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      modelId: 'fraud',
      modelVersion: '3',
      predictionId: 'req-1',
      timestampMs: Date.UTC(2026, 10, 28, 10),
      numericFeatures: { amount: 42.5 },
      categoricalFeatures: { country: 'DE', is_new: 'true' },
      missingFeatures: ['age'],
      predictionValue: null,
      predictionLabel: 'fraud',
      scores: { fraud: 0.9, ok: 0.1 },
      latencyMs: 12,
      status: 'ok',
      segments: { channel: 'web' },
      attributions: { amount: 0.4 },
    });
  });

  it('derives the same event id for the same event, and keeps a given one', () => {
    const a = validateInferenceEvent(valid);
    const b = validateInferenceEvent({ ...valid, features: {} });
    const c = validateInferenceEvent({ ...valid, prediction_id: 'req-2' });
    const given = validateInferenceEvent({ ...valid, event_id: 'mine' });
    expect(a.ok && b.ok && c.ok && given.ok).toBe(true);
    if (!a.ok || !b.ok || !c.ok || !given.ok) return;
    expect(a.value.eventId).toBe(b.value.eventId);
    expect(a.value.eventId).not.toBe(c.value.eventId);
    expect(given.value.eventId).toBe('mine');
  });

  it('accepts numeric predictions and epoch milliseconds', () => {
    const result = validateInferenceEvent({ ...valid, prediction: 3.5, timestamp: 1795860000000, status: 'error' });
    expect(result.ok && result.value.predictionValue === 3.5 && result.value.timestampMs === 1795860000000 && result.value.status === 'error').toBe(true);
  });

  it('names every problem of a bad event', () => {
    const text = reason({ ...valid, model_id: 7, prediction_id: undefined, features: { a: [1] }, scores: { x: 1.5 }, status: 'meh', latency_ms: -1 });
    expect(text.split('; ')).toEqual([
      'model_id must be a string, not number',
      'prediction_id is missing',
      'features.a must be a number, string, boolean or null, not an array',
      'scores.x must be between 0 and 1',
      'latency_ms must be at least 0',
      'status must be "ok" or "error", not "meh"',
    ]);
  });

  it('keeps every name a producer may use, those of Object.prototype and __proto__ too', () => {
    const maps = JSON.parse(`{
      "features": { "__proto__": 1.5, "constructor": "x", "toString": 2, "hasOwnProperty": true, "valueOf": null },
      "scores": { "__proto__": 0.25, "constructor": 0.75 },
      "segments": { "__proto__": "web", "toString": "eu" },
      "attributions": { "__proto__": 0.5 }
    }`) as Record<string, unknown>;
    const result = validateInferenceEvent({ ...valid, ...maps, prediction: 'constructor' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const own = (map: object) => Object.entries(map);
    expect(own(result.value.numericFeatures)).toEqual([['__proto__', 1.5], ['toString', 2]]);
    expect(own(result.value.categoricalFeatures)).toEqual([['constructor', 'x'], ['hasOwnProperty', 'true']]);
    expect(result.value.missingFeatures).toEqual(['valueOf']);
    expect(own(result.value.scores)).toEqual([['__proto__', 0.25], ['constructor', 0.75]]);
    expect(own(result.value.segments)).toEqual([['__proto__', 'web'], ['toString', 'eu']]);
    expect(own(result.value.attributions)).toEqual([['__proto__', 0.5]]);
    expect(Object.getPrototypeOf(result.value.numericFeatures)).toBe(Object.prototype);
  });

  it('refuses names outside 1 to 256 characters with the reason', () => {
    expect(reason({ ...valid, features: JSON.parse('{"": 1}') })).toBe('features has a name of 0 characters; names need 1 to 256');
    expect(reason({ ...valid, segments: { ['s'.repeat(257)]: 'x' } })).toBe('segments has a name of 257 characters; names need 1 to 256');
    expect(validateInferenceEvent({ ...valid, features: { ['f'.repeat(256)]: 1 } }).ok).toBe(true);
  });

  it('keeps a text feature of any length whole, as a string feature', () => {
    const ticket = `My order never arrived. ${'Details follow. '.repeat(312)}😀`;
    expect(ticket.length).toBeGreaterThan(5000);
    const result = validateInferenceEvent({ ...valid, features: { ticket, queue: 'billing', short: 'x'.repeat(256) } });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.categoricalFeatures).toEqual({ ticket, queue: 'billing', short: 'x'.repeat(256) });
    expect(result.value.categoricalFeatures['ticket']).toBe(ticket);
  });

  it('still limits names, class labels and segment values to 256 characters', () => {
    expect(reason({ ...valid, features: { ['f'.repeat(257)]: 'a text value' } })).toBe('features has a name of 257 characters; names need 1 to 256');
    expect(reason({ ...valid, prediction: 'p'.repeat(257) })).toBe('prediction must have at most 256 characters');
    expect(reason({ ...valid, segments: { channel: 's'.repeat(257) } })).toBe('segments.channel must have at most 256 characters');
  });

  it.each([
    [null, 'an inference event must be an object, not null'],
    [[1], 'an inference event must be an object, not an array'],
    [{ ...valid, timestamp: 1795860000 }, 'looks like epoch seconds'],
    [{ ...valid, timestamp: '28/11/2026' }, 'is not ISO-8601 with a zone'],
    [{ ...valid, timestamp: '2026-11-28T10:00:00' }, 'is not ISO-8601 with a zone'],
    [{ ...valid, features: undefined }, 'features is missing'],
    [{ ...valid, prediction: { a: 1 } }, 'prediction must be a number or a string, not an object'],
    [{ ...valid, features: { x: Infinity } }, 'features.x must be finite'],
    [{ ...valid, segments: { country: 1 } }, 'segments.country must be a string, not number'],
    [{ ...valid, model_version: '' }, 'model_version must have 1 to 256 characters'],
  ])('refuses %j', (event, expected) => {
    expect(reason(event)).toContain(expected);
  });
});
