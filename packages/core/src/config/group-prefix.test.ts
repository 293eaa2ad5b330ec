import { describe, expect, it } from 'vitest';
import { groupPrefixFor } from './group-prefix.ts';

describe('groupPrefixFor', () => {
  it.each([
    ['modelwatch.', 'modelwatch-'],
    ['staging.eu.', 'staging.eu-'],
    ['staging-', 'staging.'],
    ['team_a', 'team_a'],
    ['', ''],
  ])('%j gives %j', (topicPrefix, groupPrefix) => {
    expect(groupPrefixFor(topicPrefix)).toBe(groupPrefix);
  });

  it('never gives two topic prefixes the same group prefix', () => {
    const prefixes = ['a.', 'a-', 'a', 'a..', 'a.-', 'a-.', 'a--', '.', '-', ''];
    expect(new Set(prefixes.map(groupPrefixFor)).size).toBe(prefixes.length);
    for (const p of prefixes) expect(groupPrefixFor(groupPrefixFor(p))).toBe(p);
  });
});
