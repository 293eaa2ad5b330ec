import { RE2JS } from 're2js';

/**
 * Regular expressions of matchers and globs, with RE2's syntax and guarantee, as Alertmanager
 * has them from Go's regexp: matching takes time linear in the value, so neither a pattern
 * (a silence's `(a+)+`) nor a label value any producer sends can stall the process, which
 * JavaScript's backtracking RegExp allows. re2js is a pure JavaScript port of RE2: computation
 * only, no I/O, so the pure core may use it.
 */

export class RegexSyntaxError extends Error {
  constructor(source: string, problem: string) {
    super(`invalid regular expression "${source}": ${problem}`);
    this.name = 'RegexSyntaxError';
  }
}

/** Backreferences and lookaround: Perl syntax that RE2 leaves out because it needs backtracking. */
const BACKTRACKING_SYNTAX = /\\[1-9]|\(\?<?[=!]/;

/**
 * Compiles `source` to match whole values only, `^(?:source)$`, as Alertmanager compiles a
 * regex matcher. The source is also compiled on its own, so `a)|(.*` cannot close the anchoring
 * group and match anything. Throws RegexSyntaxError naming the problem.
 */
export function compileFullMatch(source: string): (value: string) => boolean {
  let anchored: RE2JS;
  try {
    RE2JS.compile(source);
    anchored = RE2JS.compile(`^(?:${source})$`);
  } catch (error) {
    if (BACKTRACKING_SYNTAX.test(source)) {
      throw new RegexSyntaxError(source, 'backreferences (\\1) and lookaround ((?=, (?!, (?<=, (?<!) are not supported; regexes use RE2 syntax, as in Alertmanager: rewrite it without them, e.g. with alternatives (a|b)');
    }
    throw new RegexSyntaxError(source, `${syntaxProblem(error)}; regexes use RE2 syntax, as in Alertmanager`);
  }
  return (value) => anchored.test(value);
}

/** `literal` with every regex metacharacter escaped. */
export function quoteRegex(literal: string): string {
  return RE2JS.quote(literal);
}

function syntaxProblem(error: unknown): string {
  const { error: what, input } = error as { error?: unknown; input?: unknown };
  if (typeof what !== 'string') return error instanceof Error ? error.message : String(error);
  return typeof input === 'string' && input !== '' ? `${what}: \`${input}\`` : what;
}
