import { describe, expect, it } from 'vitest';
import { tokenize, tokenText, unicodeSpaceLength } from './sql-tokens.ts';

/** The request bytes as the endpoint reads them: UTF-8, decoded as latin1. */
const bytes = (text: string) => Buffer.from(text, 'utf8').toString('latin1');
const words = (text: string) => [...tokenize(bytes(text))].map((t) => tokenText(bytes(text), t));

// ClickHouse's skipWhitespacesUTF8.
const ENGINE_SPACES = [0x85, 0xa0, 0x180e, ...Array.from({ length: 14 }, (_, i) => 0x2000 + i), 0x2028, 0x2029, 0x202f, 0x205f, 0x2060, 0x3000, 0xfeff];

describe('tokenize', () => {
  it('skips every Unicode whitespace the engine skips, so keywords around it are seen', () => {
    for (const code of ENGINE_SPACES) {
      const space = String.fromCodePoint(code);
      expect(words(`SELECT${space}*${space}FROM${space}file${space}('x')`), code.toString(16)).toEqual(['SELECT', '*', 'FROM', 'FILE', '(', "'x'", ')']);
      expect(unicodeSpaceLength(bytes(space), 0)).toBe(Buffer.byteLength(space));
    }
  });

  it('keeps other non-ASCII characters out of words, as the engine does', () => {
    for (const code of [0x84, 0x86, 0x1680, 0x200e, 0x2030, 0x3001, 0x456]) {
      const other = String.fromCodePoint(code);
      expect(unicodeSpaceLength(bytes(other), 0), code.toString(16)).toBe(0);
      expect(words(`SELECT${other}1`)[0]).toBe('SELECT');
    }
  });
});
