import { describe, expect, it } from 'vitest';
import { resolveDataDir } from './data-dir.ts';

describe('resolveDataDir', () => {
  it('defaults to .modelwatch under cwd', () => {
    expect(resolveDataDir({}, '/repo')).toBe('/repo/.modelwatch');
    expect(resolveDataDir({ MODELWATCH_DATA_DIR: '' }, '/repo')).toBe('/repo/.modelwatch');
  });

  it('takes MODELWATCH_DATA_DIR, relative to cwd or absolute', () => {
    expect(resolveDataDir({ MODELWATCH_DATA_DIR: 'var/mw' }, '/repo')).toBe('/repo/var/mw');
    expect(resolveDataDir({ MODELWATCH_DATA_DIR: '/data/mw' }, '/repo')).toBe('/data/mw');
  });
});
