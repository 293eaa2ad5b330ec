import { describe, expect, it } from 'vitest';
import { goldenStreams } from '../../../../test/golden/detectors/golden-fixtures.ts';
import { DDM } from './ddm.ts';
import { DetectorOptionsError } from './detector-options-error.ts';

function riverExample(): readonly number[] {
  const fixture = goldenStreams().find((s) => s.name === 'river-example-binary');
  if (!fixture) throw new Error('test/golden/detectors/river-example-binary.json is missing');
  return fixture.stream;
}

describe('DDM', () => {
  it('reproduces River’s documented example: first warning at 1084, drift at 1334', () => {
    const ddm = new DDM();
    const warnings: number[] = [];
    const drifts: number[] = [];
    riverExample().forEach((x, i) => {
      ddm.update(x);
      if (ddm.warningDetected) warnings.push(i);
      if (ddm.driftDetected) drifts.push(i);
    });
    expect(warnings[0]).toBe(1084);
    expect(drifts).toEqual([1334]);
  });

  it('keeps the error rate since the last reset (streaming equals batch)', () => {
    const ddm = new DDM({ warmStart: 10 });
    let since: number[] = [];
    riverExample().forEach((x) => {
      if (ddm.driftDetected) since = [];
      since.push(x);
      ddm.update(x);
      const batch = since.reduce((a, b) => a + b, 0) / since.length;
      expect(ddm.errorRate).toBeCloseTo(batch, 12);
    });
  });

  it('never reports a warning on the update that reports a drift', () => {
    const ddm = new DDM();
    for (const x of riverExample()) expect(ddm.update(x).driftDetected && ddm.warningDetected).toBe(false);
  });

  it('detects increases of the error rate only', () => {
    const ddm = new DDM();
    for (let i = 0; i < 600; i += 1) ddm.update(i % 3 === 0 ? 1 : 0);
    for (let i = 0; i < 2000; i += 1) expect(ddm.update(0).driftDetected).toBe(false);
  });

  it('drifts on the first error after a perfect warm start (p_min = s_min = 0), as River does', () => {
    const ddm = new DDM();
    for (let i = 0; i < 100; i += 1) ddm.update(0);
    expect(ddm.update(1).driftDetected).toBe(true);
  });

  it('takes booleans as error bits and refuses anything else', () => {
    const bits = new DDM();
    const booleans = new DDM();
    riverExample().slice(0, 300).forEach((x) => {
      bits.update(x);
      booleans.update(x === 1);
    });
    expect(booleans.toJSON()).toEqual(bits.toJSON());
    expect(() => bits.update(2)).toThrow(/takes an error bit/);
    expect(() => bits.update(0.5)).toThrow(RangeError);
  });

  it('refuses a drift threshold below the warning threshold', () => {
    expect(() => new DDM({ warningThreshold: 3, driftThreshold: 2 })).toThrow(DetectorOptionsError);
    expect(() => new DDM({ warmStart: -1 })).toThrow(/warmStart must be an integer >= 0 \(got -1\)/);
  });
});
