import { validateGroundTruthEvent, validateInferenceEvent, type GroundTruthEvent, type InferenceEvent } from '@modelwatch/core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OVERSIZED_BYTES, makeMalformed, MALFORMED_KINDS, type EventTopic } from './malformed-record.ts';
import { createRandom } from './random.ts';

const inference: InferenceEvent = {
  model_id: 'fraud-detector',
  model_version: '4.2.0',
  prediction_id: '6f1c0a52-0b7e-4f43-9a55-5d2a1c7e9b10',
  timestamp: Date.UTC(2026, 0, 1),
  features: { amount: 42.5, merchant_category: 'online', card_present: false, distance_from_home_km: null },
  prediction: 'legit',
  scores: { legit: 0.93, fraud: 0.07 },
  latency_ms: 12.3,
  status: 'ok',
  segments: { country: 'DE', channel: 'web' },
  attributions: { amount: 0.4 },
};
const groundTruth: GroundTruthEvent = { model_id: 'fraud-detector', prediction_id: inference.prediction_id, label: 'fraud', timestamp: Date.UTC(2026, 0, 1, 0, 5) };

const cases: [EventTopic, InferenceEvent | GroundTruthEvent, typeof validateInferenceEvent | typeof validateGroundTruthEvent][] = [
  ['inference', inference, validateInferenceEvent],
  ['ground-truth', groundTruth, validateGroundTruthEvent],
];

function parse(bytes: Buffer): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(new TextDecoder().decode(bytes)) };
  } catch {
    return { ok: false };
  }
}

describe('makeMalformed', () => {
  it('the events it starts from are valid', () => {
    expect(validateInferenceEvent(inference).ok).toBe(true);
    expect(validateGroundTruthEvent(groundTruth).ok).toBe(true);
  });

  for (const [topic, event, validate] of cases) {
    describe(`on ${topic}`, () => {
      const r = createRandom('malformed', topic);
      const many = (kind: (typeof MALFORMED_KINDS)[number]) => Array.from({ length: 200 }, () => makeMalformed(kind, topic, event, r));

      it('invalid-json does not parse', () => {
        for (const record of many('invalid-json')) {
          expect(parse(record.bytes).ok, `${record.detail}: ${record.bytes.toString()}`).toBe(false);
          expect(record.key).toBe(event.prediction_id);
        }
      });

      it('random-bytes does not parse and is not an Avro frame', () => {
        for (const record of many('random-bytes')) {
          expect(parse(record.bytes).ok).toBe(false);
          expect(record.bytes[0]).not.toBe(0);
        }
      });

      it('missing-fields parses and fails validation for a missing field', () => {
        for (const record of many('missing-fields')) {
          const parsed = parse(record.bytes);
          expect(parsed.ok).toBe(true);
          const result = validate(parsed.ok ? parsed.value : undefined);
          expect(result.ok).toBe(false);
          if (!result.ok) expect(result.reason, record.detail).toMatch(/is missing/);
        }
      });

      it('wrong-types parses and fails validation for a type', () => {
        const details = new Set<string>();
        for (const record of many('wrong-types')) {
          details.add(record.detail);
          const parsed = parse(record.bytes);
          expect(parsed.ok).toBe(true);
          const result = validate(parsed.ok ? parsed.value : undefined);
          expect(result.ok, record.detail).toBe(false);
          if (!result.ok) expect(result.reason, record.detail).toMatch(/must be/);
        }
        expect(details.size).toBeGreaterThan(3);
      });

      it('oversized is a valid event past the size limit', () => {
        const record = makeMalformed('oversized', topic, event, r);
        expect(record.bytes.length).toBeGreaterThan(DEFAULT_OVERSIZED_BYTES);
        expect(record.bytes.length).toBeLessThan(DEFAULT_OVERSIZED_BYTES + 4096);
        const parsed = parse(record.bytes);
        expect(parsed.ok).toBe(true);
        expect(validate(parsed.ok ? parsed.value : undefined).ok).toBe(true);
        expect(makeMalformed('oversized', topic, event, r, 2048).bytes.length).toBeGreaterThan(2048);
      });
    });
  }
});
