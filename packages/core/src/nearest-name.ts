/**
 * Suggestions for typos in config keys, rule fields and names: the candidate closest to `name`
 * by edit distance (case-insensitive), a truncated or extended name counting as closest.
 */
export function nearest(name: string, candidates: readonly string[]): string {
  let best = candidates[0] ?? '';
  let bestScore = Infinity;
  for (const candidate of candidates) {
    const a = name.toLowerCase();
    const b = candidate.toLowerCase();
    // A truncated or extended name (`baseline` for `baseline_windows`) is the likelier typo.
    const score = a.length > 2 && (b.startsWith(a) || a.startsWith(b)) ? 0.5 : editDistance(a, b);
    if (score < bestScore) {
      bestScore = score;
      best = candidate;
    }
  }
  return best;
}

/** Levenshtein distance, one row at a time. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}
