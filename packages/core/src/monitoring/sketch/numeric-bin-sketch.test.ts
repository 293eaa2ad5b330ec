import { describe, expect, it } from 'vitest';
import type { BinningFixture } from '../../../../../test/golden/drift/binned-cases.ts';
import { readGolden } from '../../../../../test/golden/drift/golden.ts';
import { DriftInputError } from '../../drift/drift-input-error.ts';
import { countNumeric, fitNumericProfile } from '../../drift/numeric-profile.ts';
import { seededRandom } from '../../drift/seeded-random.ts';
import { NumericBinLayout } from './numeric-bin-layout.ts';
import { NumericBinSketch, POSITION_SCALE } from './numeric-bin-sketch.ts';
import { SketchDecodeError } from './sketch-decode-error.ts';

const golden = readGolden<BinningFixture>('binning.json');
const random = seededRandom(3);
const normal = (): number => Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());

describe('NumericBinSketch', () => {
  it('gives exactly the counts of today’s profile bins (NumPy’s, in the golden cases) as coarse counts', () => {
    for (const c of golden.numeric) {
      const reference = golden.samples[c.reference] as number[];
      const window = golden.samples[c.window] as number[];
      const layout = NumericBinLayout.fit(reference, { coarseBins: c.bins });
      expect(NumericBinSketch.of(layout, reference).coarseCounts(), c.name).toEqual(c.referenceCounts);
      expect(NumericBinSketch.of(layout, window).coarseCounts(), c.name).toEqual(c.windowCounts);
    }
  });

  it('counts missing values apart, as countNumeric does', () => {
    const reference = Array.from({ length: 500 }, normal);
    const layout = NumericBinLayout.fit(reference);
    const window = [...Array.from({ length: 300 }, () => 2 * normal()), null, undefined, Number.NaN];
    const sketch = NumericBinSketch.of(layout, window);
    const today = countNumeric(fitNumericProfile(reference), window);
    expect(sketch.coarseCounts()).toEqual(today.counts);
    expect(sketch.missing).toBe(today.missing);
    expect(sketch.count).toBe(300);
    sketch.addMissing(4);
    expect(sketch.missing).toBe(7);
  });

  it('refuses infinite values: events carry finite numbers, and Infinity is neither a value nor missing', () => {
    const sketch = new NumericBinSketch(NumericBinLayout.fit([1, 2, 3]));
    expect(() => sketch.add(Infinity)).toThrow(RangeError);
    expect(() => sketch.add(-Infinity)).toThrow(RangeError);
    expect(sketch.count).toBe(0);
  });

  it('bounds each bin’s mean by its position sums, and marks a bin whose values all sit on its left edge as a point mass', () => {
    const layout = NumericBinLayout.fit([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], { bins: 10 });
    const values = [0, 0.25, 0.5, 3, 3, 3, 7.3, 7.9, -2, -4, 12, 10];
    const sketch = NumericBinSketch.of(layout, values);
    const bins = sketch.alignWith(sketch);
    const side = bins.first;
    for (let i = 0; i < bins.lower.length; i++) {
      const inBin = values.filter((v) => layout.binOf(v) === i);
      if (inBin.length === 0) continue;
      const mean = inBin.reduce((s, v) => s + v, 0) / inBin.length;
      expect(mean, `bin ${i}`).toBeGreaterThanOrEqual((side.meanLow[i] as number) - 1e-12);
      expect(mean, `bin ${i}`).toBeLessThanOrEqual((side.meanHigh[i] as number) + 1e-12);
      // 1 / 2^16 of the width at most, or exact in the outer bins.
      const width = Number.isFinite((bins.upper[i] as number) - (bins.lower[i] as number)) ? (bins.upper[i] as number) - (bins.lower[i] as number) : 0;
      expect((side.meanHigh[i] as number) - (side.meanLow[i] as number)).toBeLessThanOrEqual((width / POSITION_SCALE) * (1 + 1e-6) + 1e-12);
    }
    const tie = layout.binOf(3);
    expect(side.meanHigh[tie]).toBe(3); // every value of [3, 4) is 3
    expect(bins.lower[0]).toBe(-Infinity);
    expect(bins.upper[bins.upper.length - 1]).toBe(Infinity);
    expect(side.meanLow[0]).toBeCloseTo(-3, 12);
    expect(side.meanLow[bins.lower.length - 1]).toBeCloseTo(12, 12);
  });

  it('encodes compactly: about 2-4 bytes per bin', () => {
    const layout = NumericBinLayout.fit(Array.from({ length: 5000 }, normal));
    const empty = new NumericBinSketch(layout).encode();
    expect(empty.length).toBe(3 + 4 + 1 + 1 + layout.binCount);
    const window = NumericBinSketch.of(layout, Array.from({ length: 2000 }, () => normal() + 0.3));
    expect(window.encode().length).toBeLessThan(5 * layout.binCount);
  });

  it('decodes only with its own layout and only consistent bytes', () => {
    const layout = NumericBinLayout.fit(Array.from({ length: 200 }, normal));
    const other = NumericBinLayout.fit(Array.from({ length: 200 }, normal));
    const bytes = NumericBinSketch.of(layout, Array.from({ length: 100 }, normal)).encode();
    expect(() => NumericBinSketch.decode(bytes, other)).toThrow(/counted in another layout .*decode it with the layout of the reference/);
    expect(() => NumericBinSketch.decode(bytes, other)).toThrow(SketchDecodeError);
    // A position sum above what the bin's values can have.
    const one = new NumericBinSketch(layout);
    one.add(layout.edges[3] as number); // position 0, a point mass
    const good = one.encode();
    const k = layout.binCount;
    const altered = Uint8Array.from([...good.slice(0, good.length - 1), 0xff, 0xff, 0x04]);
    expect(() => NumericBinSketch.decode(altered, layout)).toThrow(/position sum of bin 4 is .*more than its 1 values can have/);
    expect(good.length).toBe(3 + 4 + 1 + 1 + k + 1);
  });

  it('refuses to merge sketches of different layouts', () => {
    const a = new NumericBinSketch(NumericBinLayout.fit([1, 2, 3]));
    const b = new NumericBinSketch(NumericBinLayout.fit([1, 2, 4]));
    expect(() => a.merge(b)).toThrow(DriftInputError);
    expect(() => a.alignWith(b)).toThrow(DriftInputError);
    expect(a.merge(new NumericBinSketch(NumericBinLayout.fit([1, 2, 3]))).count).toBe(0);
  });
});
