import { describe, expect, it } from 'vitest';
import { compileFullMatch, quoteRegex, RegexSyntaxError } from './full-match-regex.ts';

describe('compileFullMatch', () => {
  it('matches whole values only, with RE2 syntax (inline flags, named groups, classes)', () => {
    expect(compileFullMatch('fraud-.*')('fraud-v2')).toBe(true);
    expect(compileFullMatch('fraud-.*')('old-fraud-v2')).toBe(false);
    expect(compileFullMatch('a|b')('ab')).toBe(false);
    expect(compileFullMatch('(?i)FRAUD')('fraud')).toBe(true);
    expect(compileFullMatch('(?P<v>v\\d+)')('v12')).toBe(true);
    expect(compileFullMatch('[[:alpha:]]+')('abc')).toBe(true);
    expect(compileFullMatch('.')('🙂')).toBe(true);
  });

  it('takes linear time where a backtracking engine takes exponential time', () => {
    const nested = compileFullMatch('(a+)+');
    const started = performance.now();
    expect(nested(`${'a'.repeat(25)}!`)).toBe(false);
    expect(performance.now() - started).toBeLessThan(100);
    expect(nested(`${'a'.repeat(100_000)}!`)).toBe(false);
    expect(nested('aaaa')).toBe(true);
  });

  it('does not let the source close the anchoring group', () => {
    expect(() => compileFullMatch('a)|(.*')).toThrow(RegexSyntaxError);
  });

  it('refuses backreferences and lookaround, naming the fix', () => {
    for (const source of ['(a)\\1', '(?=a)a', '(?!a).*', '(?<=a)b', '(?<!a)b']) {
      expect(() => compileFullMatch(source)).toThrow(`invalid regular expression "${source}": backreferences (\\1) and lookaround ((?=, (?!, (?<=, (?<!) are not supported`);
    }
  });

  it('reports other syntax errors with RE2’s reason', () => {
    expect(() => compileFullMatch('(unclosed')).toThrow('invalid regular expression "(unclosed": missing closing ): `(unclosed`; regexes use RE2 syntax');
    expect(() => compileFullMatch('x**')).toThrow('invalid nested repetition operator');
  });
});

describe('quoteRegex', () => {
  it('escapes every metacharacter', () => {
    const literal = 'a.b*c\\d(e)[f]{g}|^$+?';
    expect(compileFullMatch(quoteRegex(literal))(literal)).toBe(true);
    expect(compileFullMatch(quoteRegex('a.b'))('axb')).toBe(false);
  });
});
