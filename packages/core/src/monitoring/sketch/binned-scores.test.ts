import { describe, expect, it } from 'vitest';
import { binnedCases, type BinningFixture } from '../../../../../test/golden/drift/binned-cases.ts';
import { expectClose, readGolden } from '../../../../../test/golden/drift/golden.ts';
import { countCategorical, fitCategoricalProfile } from '../../drift/categorical-profile.ts';
import { countNumeric, fitNumericProfile } from '../../drift/numeric-profile.ts';
import { hellingerDistance } from '../../drift/hellinger.ts';
import { jensenShannonDistance } from '../../drift/jensen-shannon.ts';
import { lInfinityDistance } from '../../drift/l-infinity.ts';
import { psi } from '../../drift/psi.ts';
import { chiSquareTest } from '../../drift/chi-square-test.ts';
import { binnedScores } from './binned-scores.ts';
import { CategoricalSketch } from './categorical-sketch.ts';
import { CategoryLayout } from './category-layout.ts';
import { NumericBinLayout } from './numeric-bin-layout.ts';
import { NumericBinSketch } from './numeric-bin-sketch.ts';

const golden = readGolden<BinningFixture>('binning.json');

describe('binnedScores', () => {
  it('matches the reference implementations on every golden count pair', () => {
    for (const c of binnedCases()) {
      const s = binnedScores(c.referenceCounts, c.windowCounts);
      expectClose(s.psi, c.expected.psi, `${c.name} psi`);
      expectClose(s.jensenShannon, c.expected.jensenShannon, `${c.name} js`);
      expectClose(s.hellinger, c.expected.hellinger, `${c.name} hellinger`);
      expectClose(s.lInfinity, c.expected.lInfinity, `${c.name} l-inf`);
      expectClose(s.chiSquare.pValue, c.expected.chiSquare.pValue, `${c.name} chi-square p`);
    }
  });

  it('from the fine bins’ coarse counts, equals today’s profile scores bit for bit', () => {
    for (const c of golden.numeric) {
      const reference = golden.samples[c.reference] as number[];
      const window = golden.samples[c.window] as number[];
      const profile = fitNumericProfile(reference, { bins: c.bins });
      const today = countNumeric(profile, window).counts;
      const layout = NumericBinLayout.fit(reference, { coarseBins: c.bins });
      const s = binnedScores(NumericBinSketch.of(layout, reference).coarseCounts(), NumericBinSketch.of(layout, window).coarseCounts());
      expect(s, c.name).toEqual({
        psi: psi(profile.referenceCounts, today),
        jensenShannon: jensenShannonDistance(profile.referenceCounts, today),
        hellinger: hellingerDistance(profile.referenceCounts, today),
        lInfinity: lInfinityDistance(profile.referenceCounts, today),
        chiSquare: chiSquareTest(profile.referenceCounts, today),
      });
    }
  });

  it('from the categorical sketch’s counts, equals today’s categorical scores bit for bit', () => {
    for (const c of golden.categorical) {
      const profile = fitCategoricalProfile(c.reference, c.maxCategories === null ? {} : { maxCategories: c.maxCategories });
      const sketch = CategoricalSketch.of(CategoryLayout.of(profile), c.window);
      expect(binnedScores(profile.referenceCounts, sketch.binCounts()), c.name).toEqual(binnedScores(profile.referenceCounts, countCategorical(profile, c.window).counts));
      expect(binnedScores(profile.referenceCounts, sketch.binCounts()).chiSquare.pValue, c.name).toBe(chiSquareTest(profile.referenceCounts, c.windowCounts).pValue);
    }
  });
});
