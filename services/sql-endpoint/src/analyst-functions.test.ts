import { describe, expect, it } from 'vitest';
import { AnalystFunctions, type CatalogueEntry } from './analyst-functions.ts';

const entry = (name: string, categories: string, extra: Partial<CatalogueEntry> = {}): CatalogueEntry => ({ name, categories, alias_to: '', case_insensitive: 0, is_aggregate: 0, ...extra });

const functions = new AnalystFunctions(
  [
    entry('plus', 'Arithmetic'),
    entry('count', 'Aggregate Functions', { case_insensitive: 1, is_aggregate: 1 }),
    entry('quantileTDigest', 'Aggregate Functions', { is_aggregate: 1 }),
    entry('toDayOfMonth', 'Dates and Times'),
    entry('DAY', '', { alias_to: 'toDayOfMonth', case_insensitive: 1 }),
    entry('file', 'Other'),
    entry('hostName', 'Other'),
    entry('dictGet', 'Dictionary'),
    entry('formatReadableSize', 'Other'),
  ],
  ['If', 'State', 'Merge', 'MergeState', 'OrNull', 'Array'],
);

describe('AnalystFunctions', () => {
  it('allows whole categories that compute from their arguments, and named functions of the rest', () => {
    expect(functions.allows('plus')).toBe(true);
    expect(functions.allows('formatReadableSize')).toBe(true);
    expect(functions.allows('lambda')).toBe(true);
  });

  it('refuses what reads files, tells about the host or reads dictionaries, and what it does not know', () => {
    for (const name of ['file', 'hostName', 'dictGet', 'dictGetOrNull', 'fileIf', 'noSuchFunction']) expect(functions.allows(name), name).toBe(false);
  });

  it('resolves aliases, case-insensitive names and aggregate combinators as the engine does', () => {
    expect(functions.allows('day')).toBe(true);
    expect(functions.allows('COUNT')).toBe(true);
    expect(functions.allows('countIf')).toBe(true);
    expect(functions.allows('quantileTDigestMergeState')).toBe(true);
    expect(functions.allows('quantileTDigestArrayIfOrNull')).toBe(true);
    // Combinators only lead to aggregates: a scalar with a suffix is not an aggregate.
    expect(functions.allows('plusIf')).toBe(false);
  });
});
