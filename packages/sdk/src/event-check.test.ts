import { describe, expect, it } from 'vitest';
import { checkGroundTruthEvent, checkInferenceEvent, toProblems } from './event-check.ts';
import { InvalidEventError } from './sdk-errors.ts';
import { sampleGroundTruth, sampleInference } from './test-events.ts';

function refusal(fn: () => unknown): InvalidEventError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidEventError);
    return error as InvalidEventError;
  }
  throw new Error('the event was accepted');
}

describe('checkInferenceEvent', () => {
  it('accepts a valid event, keyed by prediction_id, with its time in epoch ms', () => {
    const accepted = checkInferenceEvent(sampleInference(7));
    expect(accepted).toMatchObject({ kind: 'inference', key: 'p-7', timestampMs: Date.parse('2026-11-28T10:00:00.000Z') });
  });

  it('names the field and says why', () => {
    const error = refusal(() => checkInferenceEvent(sampleInference(1, { timestamp: 1_790_000_000 })));
    expect(error.fields).toEqual(['timestamp']);
    expect(error.message).toMatch(/timestamp .*looks like epoch seconds/);
    expect(error.retriable).toBe(false);
    expect(error.code).toBe('INVALID_EVENT');
  });

  it('lists every problem, map entries by dotted path', () => {
    const event = { ...sampleInference(1), model_version: undefined, features: { age: Number.NaN }, scores: { a: 2 } };
    const error = refusal(() => checkInferenceEvent(event as never));
    expect(error.fields).toEqual(['model_version', 'features.age', 'scores.a']);
    expect(error.message).toContain('scores.a must be between 0 and 1');
  });

  it('refuses a non-object as a whole', () => {
    const error = refusal(() => checkInferenceEvent(null as never));
    expect(error.fields).toEqual(['(event)']);
  });

  it('with validate off, still needs a key and a time', () => {
    expect(checkInferenceEvent({ ...sampleInference(1), scores: { a: 5 } }, false).key).toBe('p-1');
    expect(refusal(() => checkInferenceEvent({ ...sampleInference(1), prediction_id: '' }, false)).fields).toEqual(['prediction_id']);
    expect(refusal(() => checkInferenceEvent({ ...sampleInference(1), timestamp: 'soon' }, false)).fields).toEqual(['timestamp']);
  });
});

describe('checkGroundTruthEvent', () => {
  it('accepts epoch milliseconds', () => {
    expect(checkGroundTruthEvent(sampleGroundTruth(2))).toMatchObject({ kind: 'ground-truth', key: 'p-2', timestampMs: Date.UTC(2026, 10, 28, 11) });
  });

  it('refuses a missing label', () => {
    const { label: _label, ...rest } = sampleGroundTruth(2);
    const error = refusal(() => checkGroundTruthEvent(rest as never));
    expect(error.fields).toEqual(['label']);
    expect(error.kind).toBe('ground-truth');
  });
});

describe('toProblems', () => {
  it('splits the validator reason into fields', () => {
    expect(toProblems('timestamp is missing; features.x must be finite')).toEqual([
      { field: 'timestamp', message: 'timestamp is missing' },
      { field: 'features.x', message: 'features.x must be finite' },
    ]);
  });
});
