import { describe, expect, it } from 'vitest';
import { CompensatedSum } from './compensated-sum.ts';

describe('CompensatedSum', () => {
  it('keeps small terms next to large ones, across a merge and JSON', () => {
    const a = new CompensatedSum();
    a.add(1e16);
    for (let i = 0; i < 1000; i++) a.add(1);
    const b = CompensatedSum.fromJSON(JSON.parse(JSON.stringify(a)));
    b.add(-1e16);
    expect(b.value).toBe(1000);
    const c = new CompensatedSum();
    c.addSum(a);
    c.addSum(b);
    expect(c.value).toBe(1e16 + 2000);
    expect(() => CompensatedSum.fromJSON({ sum: 1 })).toThrow(/finite/);
  });
});
