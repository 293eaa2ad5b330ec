import { describe, expect, it } from 'vitest';
import { LayoutFingerprint } from './layout-fingerprint.ts';

describe('LayoutFingerprint', () => {
  it('is stable: stored sketches carry it', () => {
    expect(new LayoutFingerprint('numeric-bin-layout/1').uint32(2).float64(0).float64(1.5).value).toBe(
      new LayoutFingerprint('numeric-bin-layout/1').uint32(2).float64(0).float64(1.5).value,
    );
    // Pinned: a change here would make every stored sketch unreadable.
    expect(new LayoutFingerprint('t').string('abc').float64(1).value).toBe(0xae6c66a8);
  });

  it('differs with the tag, the order and the bits of a value', () => {
    const values = new Set([
      new LayoutFingerprint('a').float64(1).float64(2).value,
      new LayoutFingerprint('b').float64(1).float64(2).value,
      new LayoutFingerprint('a').float64(2).float64(1).value,
      new LayoutFingerprint('a').float64(1).float64(2 + 2 ** -51).value,
      new LayoutFingerprint('a').string('ab').value,
      new LayoutFingerprint('a').string('a').string('b').value,
    ]);
    expect(values.size).toBe(6);
  });
});
