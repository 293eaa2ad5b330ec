import type { ContingencyTable } from './contingency-table.ts';

/** The non-empty rows and columns of a table: what sklearn's contingency_matrix would build. */
function observed(table: ContingencyTable): { cells: number[][]; rowSums: number[]; columnSums: number[]; total: number } {
  const full = table.matrix();
  const width = full[0]?.length ?? 0;
  const columnTotals = Array.from({ length: width }, (_, j) => full.reduce((s, row) => s + (row[j] as number), 0));
  const keep = columnTotals.map((t, j) => (t > 0 ? j : -1)).filter((j) => j >= 0);
  const cells = full.map((row) => keep.map((j) => row[j] as number)).filter((row) => row.some((c) => c > 0));
  return {
    cells,
    rowSums: cells.map((row) => row.reduce((s, c) => s + c, 0)),
    columnSums: keep.map((j) => columnTotals[j] as number),
    total: table.total,
  };
}

/**
 * Mutual information, in nats, between a feature's bin and the target class, from the counts:
 * Σ n_ij/N · ln(N · n_ij / (n_i · n_j)) over non-empty cells. Computed with
 * sklearn.metrics.mutual_info_score's expression term by term (terms below 2^-52 in magnitude
 * dropped, the sum clipped at 0), so it matches that function on the same bin and class labels.
 * 0 when only one bin or one class is observed (no information), and for an empty table (where
 * sklearn fails with a math domain error).
 * Empty bins and classes do not matter.
 */
export function mutualInformation(table: ContingencyTable): number {
  const { cells, rowSums, columnSums, total } = observed(table);
  if (rowSums.length <= 1 || columnSums.length <= 1) return 0;
  const logTotal = Math.log(total);
  // sklearn: log(pi.sum()) + log(pj.sum()), both N.
  const logSums = Math.log(total) + Math.log(total);
  let mi = 0;
  cells.forEach((row, i) => {
    row.forEach((c, j) => {
      if (c === 0) return;
      const share = c / total;
      const logOuter = -Math.log((rowSums[i] as number) * (columnSums[j] as number)) + logSums;
      const term = share * (Math.log(c) - logTotal) + share * logOuter;
      if (Math.abs(term) >= Number.EPSILON) mi += term;
    });
  });
  return Math.max(0, mi);
}

/** Entropy in nats of counts (zeros ignored), as sklearn's `_entropy` on the labels; 0 for one value. */
function entropy(counts: readonly number[]): number {
  const nonZero = counts.filter((c) => c > 0);
  if (nonZero.length <= 1) return 0;
  const total = nonZero.reduce((s, c) => s + c, 0);
  const logTotal = Math.log(total);
  let h = 0;
  for (const c of nonZero) h += (c / total) * (Math.log(c) - logTotal);
  return -h;
}

/**
 * Normalized mutual information with the arithmetic mean of the two entropies,
 * MI / ((H(bin) + H(class)) / 2), as sklearn.metrics.normalized_mutual_info_score with
 * average_method='arithmetic': 1 when both sides have a single value (or the table is empty,
 * "a perfect match"), 0 when MI is 0, else in (0, 1].
 */
export function normalizedMutualInformation(table: ContingencyTable): number {
  const { rowSums, columnSums } = observed(table);
  if ((rowSums.length === 1 && columnSums.length === 1) || (rowSums.length === 0 && columnSums.length === 0)) return 1;
  const mi = mutualInformation(table);
  if (mi === 0) return 0;
  return mi / ((entropy(columnSums) + entropy(rowSums)) / 2);
}
