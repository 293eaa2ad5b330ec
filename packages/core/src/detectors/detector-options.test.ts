import { describe, expect, it } from 'vitest';
import { DetectorOptionsError } from './detector-options-error.ts';
import { integerAtLeast, nonNegativeNumber, numberBetween, oneOf, positiveNumber, resolveOptions } from './detector-options.ts';

interface Options {
  readonly count: number;
  readonly rate: number;
  readonly mode: string;
}
const defaults: Options = { count: 3, rate: 0.5, mode: 'a' };
const checks = { count: integerAtLeast(1), rate: numberBetween(0, 1), mode: oneOf(['a', 'b']) };
const ordered = (o: Options) => (o.count > 10 * o.rate ? [] : ['count must exceed 10 * rate']);

function problems(given: unknown): readonly string[] {
  try {
    resolveOptions('test', defaults, checks, given, ordered);
  } catch (error) {
    expect(error).toBeInstanceOf(DetectorOptionsError);
    return (error as DetectorOptionsError).problems;
  }
  throw new Error('expected a DetectorOptionsError');
}

describe('resolveOptions', () => {
  it('fills in defaults, and keeps given values', () => {
    expect(resolveOptions('test', defaults, checks, undefined)).toEqual(defaults);
    expect(resolveOptions('test', defaults, checks, { rate: 0.1 })).toEqual({ ...defaults, rate: 0.1 });
    expect(resolveOptions('test', defaults, checks, { count: 2, rate: undefined })).toEqual({ ...defaults, count: 2 });
  });

  it('reports every problem at once, unknown keys included', () => {
    expect(problems({ count: 0, rate: 2, mode: 'c', rte: 1 })).toEqual([
      "unknown option 'rte' (known: count, rate, mode)",
      'count must be an integer >= 1 (got 0)',
      'rate must be a number in (0, 1) (got 2)',
      "mode must be one of 'a', 'b' (got \"c\")",
    ]);
  });

  it('checks across options only once each option is valid', () => {
    expect(problems({ count: 2 })).toEqual(['count must exceed 10 * rate']);
  });

  it('refuses options that are not an object', () => {
    expect(problems([1])).toEqual([`options must be an object such as ${JSON.stringify(defaults)}`]);
    expect(problems('count=3')).toHaveLength(1);
  });
});

describe('option checks', () => {
  it('refuse non-finite numbers and the wrong types', () => {
    expect(positiveNumber()(Number.POSITIVE_INFINITY)).toBeDefined();
    expect(positiveNumber()(0)).toBeDefined();
    expect(nonNegativeNumber()(0)).toBeUndefined();
    expect(nonNegativeNumber()('1')).toBeDefined();
    expect(integerAtLeast(0)(1.5)).toBeDefined();
    expect(numberBetween(0, 1, true)(1)).toBeUndefined();
    expect(numberBetween(0, 1)(1)).toBeDefined();
    expect(numberBetween(0, 1)(Number.NaN)).toBeDefined();
  });
});
