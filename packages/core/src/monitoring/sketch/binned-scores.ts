import type { BinCounts } from '../../drift/bin-counts.ts';
import { chiSquareTest, type ChiSquareResult } from '../../drift/chi-square-test.ts';
import { hellingerDistance } from '../../drift/hellinger.ts';
import { jensenShannonDistance } from '../../drift/jensen-shannon.ts';
import { lInfinityDistance } from '../../drift/l-infinity.ts';
import { psi } from '../../drift/psi.ts';

/** The statistics on binned counts, as the drift functions compute them. */
export interface BinnedScores {
  readonly psi: number;
  readonly jensenShannon: number;
  readonly hellinger: number;
  readonly lInfinity: number;
  readonly chiSquare: ChiSquareResult;
}

/**
 * PSI, Jensen-Shannon, Hellinger, L-infinity and the chi-square test of a window's counts against
 * the reference's, in the same bins, by the drift functions themselves (drift/README.md has their
 * empty-bin rules). Fed with `NumericBinSketch.coarseCounts()` of the reference and the window, or
 * `CategoricalSketch.binCounts()` against the reference profile's counts, the counts are those of
 * today's profile bins exactly, so every score is today's, bit for bit.
 * Throws a DriftInputError for an empty side or mismatched bins.
 */
export function binnedScores(referenceCounts: BinCounts, windowCounts: BinCounts): BinnedScores {
  return {
    psi: psi(referenceCounts, windowCounts),
    jensenShannon: jensenShannonDistance(referenceCounts, windowCounts),
    hellinger: hellingerDistance(referenceCounts, windowCounts),
    lInfinity: lInfinityDistance(referenceCounts, windowCounts),
    chiSquare: chiSquareTest(referenceCounts, windowCounts),
  };
}
