import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fetchOnce } from './fetch-once.ts';

describe('fetchOnce', () => {
  it('fetches once per recipe and replaces stale content', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'fetch-'));
    const targetDir = path.join(root, 'lib');
    let fetches = 0;
    const fetch = async (dir: string) => {
      fetches += 1;
      writeFileSync(path.join(dir, `v${fetches}.jar`), '');
    };
    expect(await fetchOnce({ targetDir, recipe: 'pom v1', fetch })).toBe(true);
    expect(await fetchOnce({ targetDir, recipe: 'pom v1', fetch })).toBe(false);
    expect(await fetchOnce({ targetDir, recipe: 'pom v2', fetch })).toBe(true);
    expect(readdirSync(targetDir).filter((f) => f.endsWith('.jar'))).toEqual(['v2.jar']);
    expect(readdirSync(root)).toEqual(['lib']);
  });

  it('leaves nothing behind when the fetch fails', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'fetch-'));
    const targetDir = path.join(root, 'lib');
    await expect(fetchOnce({ targetDir, recipe: 'x', fetch: () => Promise.reject(new Error('offline')) })).rejects.toThrow('offline');
    expect(existsSync(targetDir)).toBe(false);
    expect(readdirSync(root)).toEqual([]);
  });
});
