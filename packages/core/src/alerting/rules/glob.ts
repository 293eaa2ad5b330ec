import { compileFullMatch, quoteRegex } from '../full-match-regex.ts';

/**
 * Globs of rule selectors: `*` matches any run of characters (also none), `?` exactly one; every
 * other character is literal. Brackets and braces are refused rather than taken literally, so a
 * shell-style `[ab]` or `{a,b}` cannot silently match nothing.
 */

/** Why `glob` is not a valid selector glob, or undefined when it is. */
export function globProblem(glob: string): string | undefined {
  if (/[[\]{}]/.test(glob)) return 'only * and ? are wildcards; brackets and braces are not supported — use * (e.g. "fraud-*")';
  return undefined;
}

export function compileGlob(glob: string): (value: string) => boolean {
  if (glob === '*') return () => true;
  if (!/[*?]/.test(glob)) return (value) => value === glob;
  // Compiled with RE2, so `*a*a*a*a*b` against a long model id takes linear time, not polynomial.
  const source = glob
    .split(/([*?])/)
    .map((part) => (part === '*' ? '.*' : part === '?' ? '.' : quoteRegex(part)))
    .join('');
  return compileFullMatch(`(?s)${source}`);
}

export function hasWildcard(glob: string): boolean {
  return /[*?]/.test(glob);
}
