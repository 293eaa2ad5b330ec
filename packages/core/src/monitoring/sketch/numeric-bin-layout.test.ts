import { describe, expect, it } from 'vitest';
import type { BinningFixture } from '../../../../../test/golden/drift/binned-cases.ts';
import { readGolden } from '../../../../../test/golden/drift/golden.ts';
import { DriftInputError } from '../../drift/drift-input-error.ts';
import { fitNumericProfile, numericBinIndex } from '../../drift/numeric-profile.ts';
import { seededRandom } from '../../drift/seeded-random.ts';
import { NumericBinLayout } from './numeric-bin-layout.ts';

const golden = readGolden<BinningFixture>('binning.json');

describe('NumericBinLayout', () => {
  it('keeps the coarse edges of NumPy (np.quantile + np.unique) among its fine edges, bit for bit', () => {
    for (const c of golden.numeric) {
      const reference = golden.samples[c.reference] as number[];
      const layout = NumericBinLayout.fit(reference, { coarseBins: c.bins });
      expect(layout.coarseEdges(), c.name).toEqual(c.edges);
      expect(layout.coarseEdges(), c.name).toEqual(fitNumericProfile(reference, { bins: c.bins }).edges);
      // Fine edges: the quantiles at i/80 and the coarse ones, increasing, distinct.
      for (let i = 1; i < layout.edges.length; i++) expect(layout.edges[i] as number).toBeGreaterThan(layout.edges[i - 1] as number);
    }
  });

  it('has 80 fine bins inside the range of a continuous reference, with the deciles every 8th edge', () => {
    const random = seededRandom(1);
    const layout = NumericBinLayout.fit(Array.from({ length: 5000 }, () => random.next()));
    expect(layout.edges.length).toBe(81);
    expect(layout.binCount).toBe(82);
    expect([...layout.coarseEdgeIndices]).toEqual([0, 8, 16, 24, 32, 40, 48, 56, 64, 72, 80]);
    expect(layout.coarseBinCount).toBe(12);
  });

  it('maps every fine bin into the coarse bin that holds it, and bins values as numericBinIndex does', () => {
    const random = seededRandom(2);
    const reference = Array.from({ length: 700 }, () => (random.next() < 0.4 ? Math.round(5 * random.next()) : 10 * random.next()));
    const layout = NumericBinLayout.fit(reference, { bins: 37, coarseBins: 10 });
    const coarse = layout.coarseEdges();
    const probes = [...layout.edges, ...coarse, -1, 11, ...Array.from({ length: 2000 }, () => 12 * random.next() - 1)];
    for (const v of probes) {
      const fine = layout.binOf(v);
      expect(fine, `value ${v}`).toBe(numericBinIndex([...layout.edges], v));
      expect(layout.coarseOf[fine], `value ${v}`).toBe(numericBinIndex(coarse, v));
    }
  });

  it('finds the same bins through its guide table on skewed, offset and tied references', () => {
    const random = seededRandom(5);
    const normal = (): number => Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
    const references = {
      lognormal: Array.from({ length: 3000 }, () => Math.exp(2 * normal())),
      offset: Array.from({ length: 3000 }, () => 1e6 + 1e-3 * normal()),
      tied: Array.from({ length: 3000 }, () => Math.round(3 * normal())),
      narrow: Array.from({ length: 300 }, () => 1e12 + random.next() * 1e-3),
    };
    for (const [name, reference] of Object.entries(references)) {
      const layout = NumericBinLayout.fit(reference, { bins: 160 });
      const edges = [...layout.edges];
      const probes = [...edges, ...edges.map((e) => e * (1 + 1e-15)), ...edges.map((e) => e * (1 - 1e-15)), ...reference, ...reference.map((v) => v * (1 + 1e-9))];
      for (const v of probes) expect(layout.binOf(v), `${name}: ${v}`).toBe(numericBinIndex(edges, v));
    }
  });

  it('handles a constant reference: one edge, bins (-inf, c), [c, c], (c, +inf)', () => {
    const layout = NumericBinLayout.fit([2.5, 2.5, 2.5, null, Number.NaN]);
    expect([...layout.edges]).toEqual([2.5]);
    expect(layout.binCount).toBe(3);
    expect(layout.coarseBinCount).toBe(3);
    expect([1, 2.5, 3].map((v) => layout.binOf(v))).toEqual([0, 1, 2]);
    expect(layout.inverseWidth[1]).toBe(0);
  });

  it('round-trips through JSON with the same fingerprint, and -0 is stored as 0', () => {
    const layout = NumericBinLayout.fit([-0, 1, 2, 3, 4, 5]);
    expect(Object.is(layout.edges[0], 0)).toBe(true);
    const back = NumericBinLayout.fromJSON(JSON.parse(JSON.stringify(layout)));
    expect(back.equals(layout)).toBe(true);
    expect(back.fingerprint).toBe(layout.fingerprint);
    expect(NumericBinLayout.fit([0, 1, 2, 3, 4, 6]).fingerprint).not.toBe(layout.fingerprint);
  });

  it('refuses bad options, references and stored layouts, naming every problem', () => {
    expect(() => NumericBinLayout.fit([1, 2], { bins: 0 })).toThrow(DriftInputError);
    expect(() => NumericBinLayout.fit([1, Infinity])).toThrow(/finite/);
    expect(() => NumericBinLayout.fit([null, Number.NaN])).toThrow(/no values/);
    expect(() => NumericBinLayout.fromJSON({ version: 1, edges: [1, 1], coarseEdges: [0, 1] })).toThrow(/increase strictly/);
    expect(() => NumericBinLayout.fromJSON({ version: 2, edges: [1, 2], coarseEdges: [1] })).toThrow(/version must be 1.*start at the first edge/);
    expect(() => NumericBinLayout.fromJSON([])).toThrow(/must be an object/);
  });
});
