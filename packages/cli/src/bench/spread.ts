/** Median and range of repeated measurements: what the bench reports for each figure. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

/** The median of an even count is the mean of the two middle values. */
export function spreadOf(xs: readonly number[]): Spread {
  if (xs.length === 0) return { median: NaN, min: NaN, max: NaN };
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return { median: s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2, min: s[0]!, max: s.at(-1)! };
}

/** `median [min-max]`, each with `digits` decimals. */
export function formatSpread(s: Spread, digits = 0): string {
  const f = (x: number) => (Number.isFinite(x) ? x.toFixed(digits) : '-');
  return `${f(s.median)} [${f(s.min)}-${f(s.max)}]`;
}

/**
 * The order of the two sides in repetition `k` (0-based): A B, B A, A B, ... so that a trend in
 * the machine's load falls on both sides alike.
 */
export function alternate<T>(k: number, a: T, b: T): [T, T] {
  return k % 2 === 0 ? [a, b] : [b, a];
}
