import { describe, expect, it } from 'vitest';
import { BoundedError } from './bounded-error.ts';

describe('BoundedError', () => {
  it('holds the first 1,000 errors back, then maps by their median into [0, 1)', () => {
    const bounded = new BoundedError();
    for (let i = 0; i < 999; i++) expect(bounded.map(i % 10)).toBeNull();
    expect(bounded.map(5)).toBe(5 / 10); // median of 0..9 repeated is 5
    expect(bounded.map(0)).toBe(0);
    expect(bounded.map(1e9)).toBeLessThan(1);
  });
});
