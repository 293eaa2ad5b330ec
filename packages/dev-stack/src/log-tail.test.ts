import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { logExcerpt, tailFile } from './log-tail.ts';

describe('tailFile', () => {
  it('returns the last lines', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'tail-')), 'a.log');
    writeFileSync(file, Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n') + '\n');
    expect(tailFile(file, 3)).toBe('line 97\nline 98\nline 99');
    expect(logExcerpt(file, 1)).toBe(`last lines of ${file}:\nline 99`);
  });

  it('is empty for a missing file', () => {
    expect(tailFile('/nonexistent/x.log')).toBe('');
    expect(logExcerpt('/nonexistent/x.log')).toMatch(/empty or missing/);
  });
});
