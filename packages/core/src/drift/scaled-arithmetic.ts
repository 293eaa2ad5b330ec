/**
 * Helpers for algorithms that carry a separate power-of-two exponent to keep intermediate values
 * inside the double range (the Durbin matrix and Pomeranz recursions).
 */

/** 2^128 and 2^-128, the rescaling steps SciPy uses. */
export const TWO_POW_128 = 2 ** 128;
export const TWO_POW_MINUS_128 = 2 ** -128;

/** x * 2^exponent without overflowing or underflowing the intermediate power (C's ldexp). */
export function ldexp(x: number, exponent: number): number {
  let e = exponent;
  let y = x;
  while (e > 1000) {
    y *= 2 ** 1000;
    e -= 1000;
  }
  while (e < -1000) {
    y *= 2 ** -1000;
    e += 1000;
  }
  return y * 2 ** e;
}

/** Clips a probability to [0, 1]. */
export function clipProbability(p: number): number {
  return Math.min(Math.max(p, 0), 1);
}
