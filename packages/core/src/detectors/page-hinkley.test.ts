import { describe, expect, it } from 'vitest';
import { goldenStreams } from '../../../../test/golden/detectors/golden-fixtures.ts';
import { PageHinkley, type PageHinkleyMode } from './page-hinkley.ts';

function firstDrift(detector: PageHinkley, stream: readonly number[]): number | undefined {
  const i = stream.findIndex((x) => detector.update(x).driftDetected);
  return i < 0 ? undefined : i;
}

const steps = (levels: readonly number[], each: number) => levels.flatMap((level) => Array<number>(each).fill(level));

describe('PageHinkley', () => {
  it('reproduces River’s documented example: drift at 1006', () => {
    const fixture = goldenStreams().find((s) => s.name === 'river-example-numeric');
    if (!fixture) throw new Error('test/golden/detectors/river-example-numeric.json is missing');
    expect(firstDrift(new PageHinkley(), fixture.stream)).toBe(1006);
  });

  it.each<[PageHinkleyMode, boolean, boolean]>([
    ['up', true, false],
    ['down', false, true],
    ['both', true, true],
  ])('mode %s: detects an increase %s, a decrease %s', (mode, increase, decrease) => {
    expect(firstDrift(new PageHinkley({ mode }), steps([0, 5], 200)) !== undefined).toBe(increase);
    expect(firstDrift(new PageHinkley({ mode }), steps([5, 0], 200)) !== undefined).toBe(decrease);
  });

  it('signals no drift before minInstances items, and on that very item if the change is there', () => {
    const jumpAt = (i: number) => [...Array<number>(i).fill(0), 100];
    expect(firstDrift(new PageHinkley({ minInstances: 30 }), jumpAt(29))).toBe(29);
    // The jump still shows ten items later, so a later minInstances reports it on its first allowed item.
    expect(firstDrift(new PageHinkley({ minInstances: 40 }), [...jumpAt(29), ...Array<number>(20).fill(0)])).toBe(39);
  });

  it('stores a fresh detector as JSON (River’s +infinity minimum becomes null) and restores it', () => {
    const fresh = new PageHinkley();
    const text = JSON.stringify(fresh.toJSON());
    expect(text).toContain('"minIncrease":null');
    const restored = PageHinkley.fromJSON(JSON.parse(text));
    expect(restored.update(3).toJSON()).toEqual(new PageHinkley().update(3).toJSON());
  });
});
