/** A deterministic pseudo-random source: the same seed gives the same sequence on every platform. */
export interface SeededRandom {
  /** A double in [0, 1) with 53 random bits. */
  next(): number;
  /** An integer in [0, bound); the bias is below bound / 2^53, nothing for sample sizes. */
  nextInt(bound: number): number;
}

/**
 * xoshiro128** (Blackman and Vigna 2018), its 128-bit state filled from the seed by SplitMix32.
 * Fast, 2^128 - 1 period, passes BigCrush; not for cryptography. Only 32-bit integer operations
 * (Math.imul, shifts), so sequences are identical in every JavaScript engine and could be
 * reproduced in any language. Seeds are non-negative safe integers.
 */
export function seededRandom(seed: number): SeededRandom {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be a non-negative safe integer, got ${seed}`);
  let mix = (seed >>> 0) ^ Math.imul(Math.floor(seed / 2 ** 32) >>> 0, 0x85ebca6b);
  const splitMix = (): number => {
    mix = (mix + 0x9e3779b9) | 0;
    let z = mix;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    return (z ^ (z >>> 15)) >>> 0;
  };
  let s0 = splitMix();
  let s1 = splitMix();
  let s2 = splitMix();
  let s3 = splitMix();
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1; // the all-zero state is a fixed point

  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result;
  };
  const next = (): number => ((nextUint32() >>> 5) * 67108864 + (nextUint32() >>> 6)) / 9007199254740992;
  return {
    next,
    nextInt(bound: number): number {
      if (!Number.isSafeInteger(bound) || bound < 1) throw new RangeError(`bound must be a positive safe integer, got ${bound}`);
      return Math.floor(next() * bound);
    },
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
