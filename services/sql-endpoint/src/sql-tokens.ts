/**
 * A lexer for ClickHouse SQL that is just good enough to find the statement's shape: where
 * an INSERT's data starts, the FORMAT clause, statement separators. It follows ClickHouse's
 * lexer for what can hide a keyword (string literals, quoted identifiers, heredocs, the three
 * comment styles) and leaves everything else to the engine.
 *
 * The text is the request bytes decoded as latin1, so a character index is a byte offset.
 */
export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'punct' | 'unterminated';

export interface Token {
  readonly kind: TokenKind;
  readonly start: number;
  readonly end: number;
  /** Bracket depth the token sits at; an opening bracket and its closing one share a depth. */
  readonly depth: number;
}

const OPEN = new Set(['(', '[', '{']);
const CLOSE = new Set([')', ']', '}']);

// Words are ASCII only, as in ClickHouse's lexer: a byte at or above 0x80 is either Unicode
// whitespace (below) or a token of its own, never part of a keyword or a name.
function isWordStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

function isWordPart(code: number): boolean {
  return isWordStart(code) || (code >= 48 && code <= 57);
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13);
}

/**
 * Length in bytes of the Unicode whitespace character at `i`, 0 if there is none. The set is
 * ClickHouse's `skipWhitespacesUTF8` (its lexer skips these as it skips ASCII spaces): U+0085,
 * U+00A0, U+180E, U+2000..U+200D, U+2028, U+2029, U+202F, U+205F, U+2060, U+3000, U+FEFF.
 */
export function unicodeSpaceLength(text: string, i: number): number {
  const b0 = text.charCodeAt(i);
  if (b0 < 0x80 || i + 1 >= text.length) return 0;
  const b1 = text.charCodeAt(i + 1);
  if (b0 === 0xc2 && (b1 === 0x85 || b1 === 0xa0)) return 2;
  if (i + 2 >= text.length) return 0;
  const b2 = text.charCodeAt(i + 2);
  if (b0 === 0xe1 && b1 === 0xa0 && b2 === 0x8e) return 3;
  if (b0 === 0xe2 && b1 === 0x80 && ((b2 >= 0x80 && b2 <= 0x8d) || b2 === 0xa8 || b2 === 0xa9 || b2 === 0xaf)) return 3;
  if (b0 === 0xe2 && b1 === 0x81 && (b2 === 0x9f || b2 === 0xa0)) return 3;
  if (b0 === 0xe3 && b1 === 0x80 && b2 === 0x80) return 3;
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return 3;
  return 0;
}

/** Index just past a quoted run that starts at `start` (the opening quote). -1 if unterminated. */
function skipQuoted(text: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') {
      i += 2;
    } else if (c === quote) {
      if (text[i + 1] === quote) i += 2;
      else return i + 1;
    } else {
      i += 1;
    }
  }
  return -1;
}

/** Index after whitespace and comments from `i`; -1 inside an unterminated comment. */
export function skipSpaceAndComments(text: string, from: number): number {
  let i = from;
  for (;;) {
    for (;;) {
      if (i < text.length && isSpace(text.charCodeAt(i))) i++;
      else {
        const wide = unicodeSpaceLength(text, i);
        if (wide === 0) break;
        i += wide;
      }
    }
    if (text.startsWith('--', i) || (text[i] === '#' && (text[i + 1] === ' ' || text[i + 1] === '!'))) {
      const eol = text.indexOf('\n', i);
      i = eol === -1 ? text.length : eol + 1;
      continue;
    }
    if (text.startsWith('/*', i)) {
      // ClickHouse comments nest.
      let nesting = 1;
      i += 2;
      while (i < text.length && nesting > 0) {
        if (text.startsWith('/*', i)) {
          nesting++;
          i += 2;
        } else if (text.startsWith('*/', i)) {
          nesting--;
          i += 2;
        } else {
          i++;
        }
      }
      if (nesting > 0) return -1;
      continue;
    }
    return i;
  }
}

export function* tokenize(text: string, from = 0): Generator<Token, void, undefined> {
  let depth = 0;
  let i = from;
  for (;;) {
    const at = skipSpaceAndComments(text, i);
    if (at === -1) {
      yield { kind: 'unterminated', start: i, end: text.length, depth };
      return;
    }
    i = at;
    if (i >= text.length) return;
    const start = i;
    const c = text[i]!;
    const code = text.charCodeAt(i);
    if (c === "'" || c === '"' || c === '`') {
      const end = skipQuoted(text, i, c);
      if (end === -1) {
        yield { kind: 'unterminated', start, end: text.length, depth };
        return;
      }
      i = end;
      yield { kind: c === "'" ? 'string' : 'quoted', start, end, depth };
      continue;
    }
    if (c === '$') {
      const tag = /^\$[A-Za-z0-9_]*\$/.exec(text.slice(i, i + 256));
      if (tag) {
        const close = text.indexOf(tag[0], i + tag[0].length);
        if (close === -1) {
          yield { kind: 'unterminated', start, end: text.length, depth };
          return;
        }
        i = close + tag[0].length;
        yield { kind: 'string', start, end: i, depth };
        continue;
      }
    }
    if (isWordStart(code)) {
      i++;
      while (i < text.length && isWordPart(text.charCodeAt(i))) i++;
      yield { kind: 'word', start, end: i, depth };
      continue;
    }
    if (isDigit(code)) {
      i++;
      while (i < text.length) {
        const d = text[i]!;
        if (isWordPart(text.charCodeAt(i)) || d === '.') {
          i++;
        } else if ((d === '+' || d === '-') && /[eEpP]/.test(text[i - 1]!) && !/^0[xXbB]/.test(text.slice(start, start + 2))) {
          i++;
        } else {
          break;
        }
      }
      yield { kind: 'number', start, end: i, depth };
      continue;
    }
    i++;
    if (OPEN.has(c)) {
      yield { kind: 'punct', start, end: i, depth };
      depth++;
    } else if (CLOSE.has(c)) {
      depth = Math.max(0, depth - 1);
      yield { kind: 'punct', start, end: i, depth };
    } else {
      yield { kind: 'punct', start, end: i, depth };
    }
  }
}

/** A word in upper case, a quoted identifier unquoted, anything else as written. */
export function tokenText(text: string, token: Token): string {
  const raw = text.slice(token.start, token.end);
  if (token.kind === 'word') return raw.toUpperCase();
  if (token.kind === 'quoted') return unquote(raw);
  return raw;
}

export function unquote(raw: string): string {
  return raw.slice(1, -1).replace(/\\(.)|(["`'])\2/gs, (_m, escaped: string | undefined, doubled: string | undefined) => escaped ?? doubled ?? '');
}
