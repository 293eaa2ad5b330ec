import { describe, expect, it } from 'vitest';
import { compileGlob, globProblem } from './glob.ts';

describe('compileGlob', () => {
  it('reads * as any run, ? as one character and everything else literally', () => {
    expect(compileGlob('fraud-*')('fraud-v2')).toBe(true);
    expect(compileGlob('fraud-*')('fraud-')).toBe(true);
    expect(compileGlob('fraud-*')('old-fraud-v2')).toBe(false);
    expect(compileGlob('v?')('v2')).toBe(true);
    expect(compileGlob('v?')('v12')).toBe(false);
    expect(compileGlob('a.b*')('axb')).toBe(false);
    expect(compileGlob('(a|b)*')('(a|b)-x')).toBe(true);
    expect(compileGlob('*\\d*')('x\\dy')).toBe(true);
    expect(compileGlob('line*')('line\nbreak')).toBe(true);
    expect(compileGlob('exact')('exact')).toBe(true);
    expect(compileGlob('*')('')).toBe(true);
  });

  it('takes linear time on many stars and a long value that almost matches', () => {
    // A backtracking engine takes over half a second here, and 20 s with twice the length.
    const glob = compileGlob('*a*a*a*a*b');
    const started = performance.now();
    expect(glob('a'.repeat(100))).toBe(false);
    expect(performance.now() - started).toBeLessThan(100);
    expect(compileGlob(`${'*a'.repeat(12)}*b`)('a'.repeat(10_000))).toBe(false);
  });

  it('refuses brackets and braces, naming the fix', () => {
    expect(globProblem('fraud-[ab]')).toContain('use * (e.g. "fraud-*")');
    expect(globProblem('{a,b}')).toContain('brackets and braces are not supported');
    expect(globProblem('fraud-*')).toBeUndefined();
  });
});
