import { describe, expect, it } from 'vitest';
import { errorBit, finiteNumber } from './update-input.ts';

describe('update input', () => {
  it('takes 0, 1 and booleans as error bits', () => {
    expect([errorBit('d', 0), errorBit('d', 1), errorBit('d', false), errorBit('d', true)]).toEqual([0, 1, 0, 1]);
    for (const bad of [2, -1, 0.5, Number.NaN]) expect(() => errorBit('d', bad)).toThrow(/d\.update\(x\) takes an error bit/);
  });

  it('takes finite numbers', () => {
    expect(finiteNumber('d', -3.5)).toBe(-3.5);
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, '1' as unknown as number]) expect(() => finiteNumber('d', bad)).toThrow(RangeError);
  });
});
