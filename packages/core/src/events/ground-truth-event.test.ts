import { describe, expect, it } from 'vitest';
import { validateGroundTruthEvent } from './ground-truth-event.ts';

describe('validateGroundTruthEvent', () => {
  it('normalises class and numeric labels', () => {
    const cls = validateGroundTruthEvent({ model_id: 'm', prediction_id: 'p', label: 'fraud', timestamp: 1795860000000 });
    const num = validateGroundTruthEvent({ model_id: 'm', prediction_id: 'p', label: 12.5, timestamp: '2026-11-28T10:00:00+01:00', event_id: 'e' });
    expect(cls.ok && cls.value.labelClass === 'fraud' && cls.value.labelValue === null).toBe(true);
    expect(num).toEqual({ ok: true, value: { eventId: 'e', modelId: 'm', predictionId: 'p', labelValue: 12.5, labelClass: null, timestampMs: Date.UTC(2026, 10, 28, 9) } });
  });

  it('gives different labels for the same prediction different ids', () => {
    const a = validateGroundTruthEvent({ model_id: 'm', prediction_id: 'p', label: 1, timestamp: 1795860000000 });
    const b = validateGroundTruthEvent({ model_id: 'm', prediction_id: 'p', label: 0, timestamp: 1795860000000 });
    expect(a.ok && b.ok && a.value.eventId !== b.value.eventId).toBe(true);
  });

  it('refuses a label without its prediction id or label', () => {
    const result = validateGroundTruthEvent({ model_id: 'm', label: null, timestamp: 1795860000000 });
    expect(result).toEqual({ ok: false, reason: 'prediction_id is missing; label is missing' });
  });
});
