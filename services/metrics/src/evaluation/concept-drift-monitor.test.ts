import { describe, expect, it } from 'vitest';
import { seededRandom, type OutcomeRecord } from '@modelwatch/core';
import { ConceptDriftMonitor } from './concept-drift-monitor.ts';

const outcome = (i: number, fields: Partial<OutcomeRecord>): OutcomeRecord => ({
  modelId: 'm', modelVersion: 'v', predictionId: `p${i}`, predictionTimestampMs: i * 1000, predictionValue: null, predictionLabel: null,
  scores: {}, segments: {}, labelValue: null, labelClass: null, labelDelayMs: 0, ...fields,
});

describe('ConceptDriftMonitor', () => {
  it('finds a rise of a classifier error rate, in the window where the stream is, and nothing before it', () => {
    const random = seededRandom(3);
    const monitor = new ConceptDriftMonitor(60_000);
    const outcomes = Array.from({ length: 8000 }, (_, i) => {
      const wrong = random.next() < (i < 5000 ? 0.05 : 0.2);
      return outcome(i, { predictionLabel: 'a', labelClass: wrong ? 'b' : 'a' });
    });
    const detections = monitor.observe(outcomes);
    expect(detections.length).toBeGreaterThan(0);
    expect(detections[0]!.key.windowStartMs).toBeGreaterThanOrEqual(5_000_000 - 60_000);
    expect(detections[0]!.key.windowStartMs).toBeLessThan(6_000_000);
  });

  it('stays quiet on heavy-tailed regression errors that do not change, and finds a change of their level', () => {
    const random = seededRandom(5);
    // Lognormal absolute errors (sigma 1.5): a few are 50 times the median.
    const lognormal = () => Math.exp(1.5 * Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next()));
    const quiet = new ConceptDriftMonitor(60_000);
    const stationary = Array.from({ length: 30_000 }, (_, i) => outcome(i, { predictionValue: 10, labelValue: 10 + lognormal() }));
    expect(quiet.observe(stationary)).toEqual([]);
    const shifted = new ConceptDriftMonitor(60_000);
    const stream = Array.from({ length: 12_000 }, (_, i) => outcome(i, { predictionValue: 10, labelValue: 10 + lognormal() * (i < 6000 ? 1 : 3) }));
    const found = shifted.observe(stream);
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]!.key.windowStartMs).toBeGreaterThanOrEqual(6_000_000 - 60_000);
  });
});
