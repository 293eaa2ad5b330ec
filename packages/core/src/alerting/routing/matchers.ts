import type { Labels } from '../alert.ts';
import { compileFullMatch } from '../full-match-regex.ts';

/**
 * Alertmanager label matchers (`name="value"`, `name!="value"`, `name=~"regex"`, `name!~"regex"`),
 * parsed with the grammar of Alertmanager's UTF-8 matcher parser (pkg/labels, docs "Label matchers").
 */
export type MatchOperator = '=' | '!=' | '=~' | '!~';

const SYNTAX = 'expected name="value", name!="value", name=~"regex" or name!~"regex"';

export class MatcherParseError extends Error {
  constructor(input: string, problem: string) {
    super(`matcher '${input}' is invalid: ${problem}; ${SYNTAX}`);
    this.name = 'MatcherParseError';
  }
}

export class Matcher {
  readonly name: string;
  readonly operator: MatchOperator;
  readonly value: string;
  private readonly regex: ((value: string) => boolean) | null;

  /** Throws RegexSyntaxError when a regex operator gets a value that is not an RE2 regular expression. */
  constructor(name: string, operator: MatchOperator, value: string) {
    this.name = name;
    this.operator = operator;
    this.value = value;
    // Alertmanager compiles `^(?:value)$` with RE2: a regex matcher must match the whole label value.
    this.regex = operator === '=~' || operator === '!~' ? compileFullMatch(value) : null;
  }

  /** Whether the label set satisfies this matcher; a missing label counts as the empty string, as in Alertmanager. */
  matches(labels: Labels): boolean {
    return this.matchesValue(labels[this.name] ?? '');
  }

  matchesValue(value: string): boolean {
    switch (this.operator) {
      case '=':
        return value === this.value;
      case '!=':
        return value !== this.value;
      case '=~':
        return this.regex!(value);
      case '!~':
        return !this.regex!(value);
    }
  }

  /** Alertmanager's rendering: `name="value"` with the value escaped, the name quoted only if it needs to be. */
  toString(): string {
    const name = /^[A-Za-z_][A-Za-z0-9_]*$/.test(this.name) ? this.name : JSON.stringify(this.name);
    return `${name}${this.operator}${quote(this.value)}`;
  }
}

/** True when every matcher matches (an empty list matches everything). */
export function matchesAll(matchers: readonly Matcher[], labels: Labels): boolean {
  return matchers.every((m) => m.matches(labels));
}

/** `{a="b",c=~"d"}` as Alertmanager prints a matcher list (used in route ids). */
export function formatMatchers(matchers: readonly Matcher[]): string {
  return `{${matchers.map(String).join(',')}}`;
}

/** Parses exactly one matcher. */
export function parseMatcher(input: string): Matcher {
  const parser = new MatcherParser(input);
  parser.skipSpace();
  const matcher = parser.matcher();
  parser.skipSpace();
  if (!parser.atEnd()) parser.fail(`unexpected '${parser.rest()}' after the value; quote values that contain spaces or commas`);
  return matcher;
}

/**
 * Parses `{a="b",c=~"d"}`, `a="b", c=~"d"` or a list of such strings (a YAML `matchers:` list,
 * each of whose items may itself hold several comma-separated matchers, as in Alertmanager).
 */
export function parseMatchers(input: string | readonly string[]): Matcher[] {
  if (typeof input !== 'string') return input.flatMap((item) => parseMatchers(item));
  const parser = new MatcherParser(input);
  parser.skipSpace();
  const braced = parser.accept('{');
  const matchers: Matcher[] = [];
  for (;;) {
    parser.skipSpace();
    if (parser.atEnd() || (braced && parser.peek() === '}')) break;
    matchers.push(parser.matcher());
    parser.skipSpace();
    if (!parser.accept(',')) break;
  }
  parser.skipSpace();
  if (braced && !parser.accept('}')) parser.fail("missing closing '}'");
  parser.skipSpace();
  if (!parser.atEnd()) parser.fail(`unexpected '${parser.rest()}'; separate matchers with commas`);
  return matchers;
}

function quote(value: string): string {
  return `"${value.replaceAll('\\', '\\\\').replaceAll('\n', '\\n').replaceAll('"', '\\"')}"`;
}

/** Characters an unquoted name or value cannot hold (Alertmanager's reserved set). */
const RESERVED = /[\s{}!=~,\\"'`]/;

class MatcherParser {
  private pos = 0;

  constructor(private readonly input: string) {}

  matcher(): Matcher {
    const start = this.pos;
    const name = this.literal('label name');
    this.skipSpace();
    const operator = this.operator(name);
    this.skipSpace();
    if (this.atEnd() || this.peek() === ',' || this.peek() === '}') {
      this.fail(`expected a value after '${name}${operator}'; for an empty value write ${name}${operator}""`);
    }
    const value = this.literal('value');
    try {
      return new Matcher(name, operator, value);
    } catch (error) {
      this.fail(`${(error as Error).message} in '${this.input.slice(start, this.pos)}'`);
    }
  }

  skipSpace(): void {
    while (!this.atEnd() && /\s/.test(this.peek())) this.pos++;
  }

  atEnd(): boolean {
    return this.pos >= this.input.length;
  }

  peek(): string {
    return this.input[this.pos] ?? '';
  }

  rest(): string {
    return this.input.slice(this.pos);
  }

  accept(char: string): boolean {
    if (this.peek() !== char) return false;
    this.pos++;
    return true;
  }

  fail(problem: string): never {
    throw new MatcherParseError(this.input, problem);
  }

  private operator(name: string): MatchOperator {
    const two = this.input.slice(this.pos, this.pos + 2);
    if (two === '=~' || two === '!=' || two === '!~') {
      this.pos += 2;
      return two;
    }
    if (this.accept('=')) return '=';
    if (this.atEnd()) this.fail(`expected an operator after '${name}'`);
    return this.fail(`expected an operator (=, !=, =~ or !~) after '${name}', found '${this.rest()}'`);
  }

  /** An unquoted literal or a double-quoted string with Go escapes (`\"`, `\\`, `\n`, `\t`, `\u00e9`, `\x41`). */
  private literal(what: string): string {
    if (this.peek() === '"') return this.quoted(what);
    const start = this.pos;
    while (!this.atEnd() && !RESERVED.test(this.peek())) this.pos++;
    if (this.pos === start) {
      this.fail(this.atEnd() ? `expected a ${what}` : `expected a ${what}, found '${this.peek()}' (quote it: "...")`);
    }
    return this.input.slice(start, this.pos);
  }

  private quoted(what: string): string {
    this.pos++; // opening quote
    const bytes: number[] = [];
    const encoder = new TextEncoder();
    for (;;) {
      if (this.atEnd()) this.fail(`the ${what} has no closing double quote`);
      const char = this.input[this.pos++]!;
      if (char === '"') break;
      if (char !== '\\') {
        bytes.push(...encoder.encode(char));
        continue;
      }
      const escape = this.input[this.pos++];
      const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', a: '\x07', b: '\b', f: '\f', v: '\v' };
      if (escape !== undefined && simple[escape] !== undefined) {
        bytes.push(...encoder.encode(simple[escape]));
      } else if (escape === 'x' || escape === 'u' || escape === 'U') {
        const digits = escape === 'x' ? 2 : escape === 'u' ? 4 : 8;
        const hex = this.input.slice(this.pos, this.pos + digits);
        if (!new RegExp(`^[0-9a-fA-F]{${digits}}$`).test(hex)) this.fail(`bad escape '\\${escape}${hex}' in the ${what}`);
        this.pos += digits;
        const code = parseInt(hex, 16);
        // `\x` writes one byte (Go strings are bytes); `\u` and `\U` write a code point.
        if (escape === 'x') bytes.push(code);
        else bytes.push(...encoder.encode(String.fromCodePoint(code)));
      } else {
        this.fail(`unknown escape '\\${escape ?? ''}' in the ${what}; write a literal backslash as \\\\`);
      }
    }
    return new TextDecoder('utf-8', { fatal: false }).decode(new Uint8Array(bytes));
  }
}
