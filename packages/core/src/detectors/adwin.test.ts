import { describe, expect, it } from 'vitest';
import { goldenStreams } from '../../../../test/golden/detectors/golden-fixtures.ts';
import { ADWIN, type AdwinOptions } from './adwin.ts';

function fixture(name: string): readonly number[] {
  const found = goldenStreams().find((s) => s.name === name);
  if (!found) throw new Error(`test/golden/detectors/${name}.json is missing`);
  return found.stream;
}

function closeTo(actual: number, expected: number, relative: number): boolean {
  return Math.abs(actual - expected) <= relative * Math.max(1, Math.abs(expected));
}

describe('ADWIN', () => {
  it('reproduces River’s documented example: drift at 1023', () => {
    const adwin = new ADWIN();
    expect(fixture('river-example-numeric').findIndex((x) => adwin.update(x).driftDetected)).toBe(1023);
  });

  it.each<[string, Partial<AdwinOptions>]>([
    ['gaussian-steps', {}],
    ['bernoulli-steps', { clock: 1, maxBuckets: 2 }],
    ['edge-jumps', { clock: 1 }],
  ])('holds the newest `width` items since the last reset: width, mean and variance equal a batch computation (%s)', (name, options) => {
    const adwin = new ADWIN(options);
    let since: number[] = [];
    for (const x of fixture(name)) {
      if (adwin.driftDetected) since = [];
      since.push(x);
      adwin.update(x);
      const window = since.slice(since.length - adwin.width);
      const mean = window.reduce((a, b) => a + b, 0) / window.length;
      const m2 = window.reduce((a, v) => a + (v - mean) ** 2, 0);
      const { variance } = adwin.toJSON().state;
      if (!closeTo(adwin.estimation, mean, 1e-9) || !closeTo(variance, m2, 1e-6)) {
        expect.fail(`after ${since.length} items: mean ${adwin.estimation} vs ${mean}, variance ${variance} vs ${m2}`);
      }
    }
  });

  it('keeps at most maxBuckets buckets of each size, so memory grows with log(width)', () => {
    const adwin = new ADWIN({ maxBuckets: 3 });
    for (const x of fixture('gaussian-stationary-seed-1')) {
      const { bucketTotals, width } = adwin.update(x).toJSON().state;
      expect(bucketTotals.every((row) => row.length <= 3)).toBe(true);
      expect(bucketTotals.reduce((sum, row, i) => sum + row.length * 2 ** i, 0)).toBe(width);
      expect(bucketTotals.length).toBeLessThanOrEqual(Math.floor(Math.log2(width)) + 1);
    }
    expect(adwin.width).toBe(4000);
  });

  it('checks for a change only every `clock` updates', () => {
    for (const clock of [1, 7, 32]) {
      const adwin = new ADWIN({ clock });
      let sinceReset = 0;
      for (const x of fixture('gaussian-steps')) {
        if (adwin.driftDetected) sinceReset = 0;
        sinceReset += 1;
        if (adwin.update(x).driftDetected) expect(sinceReset % clock).toBe(0);
      }
    }
  });

  it('never drifts on a constant stream', () => {
    const adwin = new ADWIN({ clock: 1 });
    for (let i = 0; i < 5000; i += 1) expect(adwin.update(0.25).driftDetected).toBe(false);
  });

  it('refuses a single bucket per size, with which River 0.26.1 panics', () => {
    expect(() => new ADWIN({ maxBuckets: 1 })).toThrow(/maxBuckets must be an integer >= 2 \(got 1\)/);
  });

  it('refuses a snapshot whose buckets do not add up to its width', () => {
    const snapshot = new ADWIN().update(1).update(0).toJSON();
    expect(() => ADWIN.fromJSON({ ...snapshot, state: { ...snapshot.state, width: 3 } })).toThrow(/do not match the window width/);
  });
});
