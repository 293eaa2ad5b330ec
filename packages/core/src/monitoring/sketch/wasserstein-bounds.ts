import { alignedTotals, type AlignedBins } from './aligned-bins.ts';

/** The first Wasserstein distance of two sketches, bracketed, in the units of the feature. */
export interface WassersteinBounds {
  /** The distance between the two sides with each bin's values put at its mean (within [lower, upper]). */
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
}

/**
 * Brackets W1 = ∫ |F1 - F2| dx from aligned bins (SciPy: `scipy.stats.wasserstein_distance`).
 *
 * In a bin [L, R] of width h, with difference D_L at its start and D_R at its end, write
 * F1 - F2 = D_L + A1 - A2, where Ak rises from 0 to the share sk. A bin's mean μk fixes
 * ∫ Ak = sk (R - μk) and ∫ (sk - Ak) = sk (μk - L), so with the means known:
 * - lower: |∫ (F1 - F2)| = |D_L h + s1 (R - μ1) - s2 (R - μ2)| (exact when F1 - F2 keeps its sign
 *   in the bin, which it does everywhere but where the CDFs cross), and h · the distance from 0
 *   of the bin's KS envelope [D_L - s2, D_L + s1];
 * - upper: the least of h · max|envelope|, |D_L| h + ∫ A1 + ∫ A2 and |D_R| h + ∫ (s1 - A1) + ∫ (s2 - A2).
 * The open outer bins need the means (the exact outer sums of a NumericBinSketch): there the
 * side facing infinity has difference 0, so their share is exact for a reference that has no
 * values outside its own range. The means enter as intervals, so quantised positions widen the
 * bracket by at most 1/2^16 of a bin width per bin. Without means (a sketch that keeps counts
 * only) a bin contributes [h · dist(0, envelope), h · max|envelope|].
 * Cost: O(bins).
 */
export function wassersteinBounds(bins: AlignedBins): WassersteinBounds {
  const { n1, n2 } = alignedTotals(bins);
  const k = bins.lower.length;
  const { first, second } = bins;
  let cum1 = 0;
  let cum2 = 0;
  let lower = 0;
  let upper = 0;
  let estimate = 0;
  for (let i = 0; i < k; i++) {
    const l = bins.lower[i] as number;
    const r = bins.upper[i] as number;
    const a = first.counts[i] as number;
    const b = second.counts[i] as number;
    const d = cum1 / n1 - cum2 / n2;
    cum1 += a;
    cum2 += b;
    const dEnd = cum1 / n1 - cum2 / n2;
    const h = r - l;
    if (a === 0 && b === 0) {
      // F1 - F2 is constant here (0 on an open outer bin, where both CDFs are 0 or 1).
      const part = d === 0 || h === 0 ? 0 : Math.abs(d) * h;
      lower += part;
      upper += part;
      estimate += part;
      continue;
    }
    if (h === 0) continue;
    const s1 = a / n1;
    const s2 = b / n2;
    // Means as intervals, clamped into the bin.
    const m1Low = a > 0 ? clamp(first.meanLow[i] as number, l, r) : l;
    const m1High = a > 0 ? clamp(first.meanHigh[i] as number, l, r) : l;
    const m2Low = b > 0 ? clamp(second.meanLow[i] as number, l, r) : l;
    const m2High = b > 0 ? clamp(second.meanHigh[i] as number, l, r) : l;
    const finiteLeft = Number.isFinite(l);
    const finiteRight = Number.isFinite(r);
    let binUpper = Infinity;
    // ∫ (F1 - F2) over the bin as an interval [integralLow, integralHigh], anchored at a finite end.
    let integralLow: number;
    let integralHigh: number;
    if (finiteRight) {
      const base = finiteLeft ? d * h : 0;
      integralLow = base + t(s1, r - m1High) - t(s2, r - m2Low);
      integralHigh = base + t(s1, r - m1Low) - t(s2, r - m2High);
      // |F1 - F2| <= |D_L| + A1 + A2.
      binUpper = Math.min(binUpper, (finiteLeft ? Math.abs(d) * h : 0) + t(s1, r - m1Low) + t(s2, r - m2Low));
    } else {
      integralLow = -t(s1, m1High - l) + t(s2, m2Low - l);
      integralHigh = -t(s1, m1Low - l) + t(s2, m2High - l);
    }
    if (finiteLeft) {
      // |F1 - F2| <= |D_R| + (s1 - A1) + (s2 - A2).
      binUpper = Math.min(binUpper, (finiteRight ? Math.abs(dEnd) * h : 0) + t(s1, m1High - l) + t(s2, m2High - l));
    }
    let binLower = integralLow > 0 ? integralLow : integralHigh < 0 ? -integralHigh : 0;
    // The KS envelope of F1 - F2 in the bin; a point mass at the lower bound counts its whole share from there.
    const atLower1 = finiteLeft && a > 0 && m1High <= l;
    const atLower2 = finiteLeft && b > 0 && m2High <= l;
    const envLow = d + (atLower1 ? s1 : 0) - s2;
    const envHigh = d + s1 - (atLower2 ? s2 : 0);
    if (envLow >= 0) binUpper = Math.min(binUpper, integralHigh); // F1 - F2 >= 0 throughout: |∫| is the distance
    else if (envHigh <= 0) binUpper = Math.min(binUpper, -integralLow);
    if (finiteLeft && finiteRight) {
      binUpper = Math.min(binUpper, h * Math.max(-envLow, envHigh));
      binLower = Math.max(binLower, h * (envLow > 0 ? envLow : envHigh < 0 ? -envHigh : 0));
    }
    binUpper = Math.max(binUpper, binLower);
    lower += binLower;
    upper += binUpper;
    const point = pointMassDistance(l, r, d, dEnd, s1, s2, (m1Low + m1High) / 2, (m2Low + m2High) / 2);
    estimate += Math.min(Math.max(point, binLower), binUpper);
  }
  return { estimate, lower, upper };
}

/** ∫ |F1 - F2| over the bin when each side's share sits at one point (its mean). */
function pointMassDistance(l: number, r: number, d: number, dEnd: number, s1: number, s2: number, m1: number, m2: number): number {
  const first = m1 <= m2;
  const x = first ? m1 : m2;
  const y = first ? m2 : m1;
  const jump = first ? s1 : -s2;
  // The last segment's difference is dEnd, from the cumulative counts: exactly 0 on the open last bin.
  return part(d, l, x) + part(d + jump, x, y) + part(dEnd, y, r);
}

function part(value: number, from: number, to: number): number {
  return value === 0 || to <= from ? 0 : Math.abs(value) * (to - from);
}

/** A side's term share · length: 0 where the side has no values, also on an open bin (0 · Infinity would be NaN). */
function t(share: number, length: number): number {
  return share === 0 ? 0 : share * length;
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
