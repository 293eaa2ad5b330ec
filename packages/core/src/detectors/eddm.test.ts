import { describe, expect, it } from 'vitest';
import { goldenStreams } from '../../../../test/golden/detectors/golden-fixtures.ts';
import { EDDM } from './eddm.ts';

function riverExample(): readonly number[] {
  const fixture = goldenStreams().find((s) => s.name === 'river-example-binary');
  if (!fixture) throw new Error('test/golden/detectors/river-example-binary.json is missing');
  return fixture.stream;
}

describe('EDDM', () => {
  it('reproduces River’s documented example (alpha 0.8, beta 0.75): first warning at 1059, drift at 1278', () => {
    const eddm = new EDDM({ alpha: 0.8, beta: 0.75 });
    const warnings: number[] = [];
    const drifts: number[] = [];
    riverExample().forEach((x, i) => {
      eddm.update(x);
      if (eddm.warningDetected) warnings.push(i);
      if (eddm.driftDetected) drifts.push(i);
    });
    expect(warnings[0]).toBe(1059);
    expect(drifts).toEqual([1278]);
  });

  it('keeps the mean and variance of the distances between errors (streaming equals batch)', () => {
    const eddm = new EDDM({ alpha: 0.8, beta: 0.75 });
    let distances: number[] = [];
    let n = 0;
    let lastError = 0;
    riverExample().forEach((x) => {
      if (eddm.driftDetected) [distances, n, lastError] = [[], 0, 0];
      eddm.update(x);
      n += 1;
      if (x === 1) {
        distances.push(n - lastError);
        lastError = n;
      }
      const { distanceMean, distanceM2 } = eddm.toJSON().state;
      const mean = distances.length === 0 ? 0 : distances.reduce((a, b) => a + b, 0) / distances.length;
      const m2 = distances.reduce((a, d) => a + (d - mean) ** 2, 0);
      expect(distanceMean).toBeCloseTo(mean, 9);
      expect(distanceM2).toBeCloseTo(m2, 6);
    });
  });

  it('changes nothing on a correct prediction: a warning stays on until the next error', () => {
    const eddm = new EDDM({ alpha: 0.8, beta: 0.75 });
    const stream = riverExample();
    const firstWarning = stream.findIndex((x) => eddm.update(x).warningDetected);
    expect(firstWarning).toBe(1059);
    const before = eddm.toJSON().state;
    eddm.update(0).update(0).update(0);
    expect(eddm.warningDetected).toBe(true);
    expect({ ...eddm.toJSON().state, n: before.n }).toEqual(before);
  });

  it('refuses alpha below beta', () => {
    expect(() => new EDDM({ alpha: 0.8, beta: 0.9 })).toThrow(/alpha must be >= beta/);
    expect(() => new EDDM({ alpha: 1.5 })).toThrow(/alpha must be a number in \(0, 1\]/);
  });
});
