import { ImportanceInputError } from './importance-input-error.ts';

function checkPaired(x: readonly number[], y: readonly number[]): void {
  if (x.length !== y.length) throw new ImportanceInputError(`paired values must have equal lengths, got ${x.length} and ${y.length}`);
  for (const v of [...x, ...y]) {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new ImportanceInputError(`values must be finite numbers, got ${String(v)}`);
  }
}

/**
 * Ranks 1..n, ties given the mean of the ranks they span: scipy.stats.rankdata(method='average').
 * The ranks are integers or halves, so they are exact.
 */
export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((_, i) => i).sort((a, b) => (values[a] as number) - (values[b] as number));
  const ranks = new Array<number>(values.length);
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1] as number] === values[order[i] as number]) j++;
    const rank = (i + j + 2) / 2;
    for (let t = i; t <= j; t++) ranks[order[t] as number] = rank;
    i = j + 1;
  }
  return ranks;
}

/**
 * Spearman's rank correlation: Pearson's correlation of the average ranks, as
 * scipy.stats.spearmanr. null where SciPy gives NaN: fewer than two values, or either side
 * constant (all tied). Identical orders give exactly 1, reversed orders exactly -1.
 */
export function spearman(x: readonly number[], y: readonly number[]): number | null {
  checkPaired(x, y);
  const n = x.length;
  if (n < 2) return null;
  const rx = averageRanks(x);
  const ry = averageRanks(y);
  // Mean rank is (n + 1) / 2 on both sides; deviations are multiples of ½, so the sums below are
  // exact for any n where n³ < 2^53.
  const mean = (n + 1) / 2;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (rx[i] as number) - mean;
    const dy = (ry[i] as number) - mean;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  return Math.min(1, Math.max(-1, sxy / Math.sqrt(sxx * syy)));
}

/**
 * Kendall's tau-b, as scipy.stats.kendalltau(variant='b'):
 * (concordant − discordant) / sqrt((n0 − tx) (n0 − ty)), with n0 = n(n−1)/2 pairs, tx the pairs
 * tied in x and ty the pairs tied in y (a pair tied on both sides counts in both and is neither
 * concordant nor discordant). null where SciPy gives NaN: fewer than two values, or either side
 * constant. O(n²) pairs: meant for feature lists (thousands), not samples.
 */
export function kendallTauB(x: readonly number[], y: readonly number[]): number | null {
  checkPaired(x, y);
  const n = x.length;
  if (n < 2) return null;
  let concordantMinusDiscordant = 0;
  let tiedX = 0;
  let tiedY = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[i] as number;
    const yi = y[i] as number;
    for (let j = i + 1; j < n; j++) {
      const dx = Math.sign((x[j] as number) - xi);
      const dy = Math.sign((y[j] as number) - yi);
      if (dx === 0) tiedX++;
      if (dy === 0) tiedY++;
      concordantMinusDiscordant += dx * dy;
    }
  }
  const pairs = (n * (n - 1)) / 2;
  if (tiedX === pairs || tiedY === pairs) return null;
  const tau = concordantMinusDiscordant / Math.sqrt(pairs - tiedX) / Math.sqrt(pairs - tiedY);
  return Math.min(1, Math.max(-1, tau));
}
