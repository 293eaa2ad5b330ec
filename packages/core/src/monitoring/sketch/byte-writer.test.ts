import { describe, expect, it } from 'vitest';
import { ByteReader } from './byte-reader.ts';
import { ByteWriter } from './byte-writer.ts';

describe('ByteWriter', () => {
  it('writes varints in LEB128: one byte below 128, at most 8 for a safe integer', () => {
    const sizes = [0, 1, 127, 128, 16383, 16384, 2 ** 31, 2 ** 32 - 1, 2 ** 52, Number.MAX_SAFE_INTEGER].map((v) => new ByteWriter().varint(v).finish().length);
    expect(sizes).toEqual([1, 1, 1, 2, 2, 3, 5, 5, 8, 8]);
    expect([...new ByteWriter().varint(300).finish()]).toEqual([0xac, 0x02]);
  });

  it('round-trips every field through ByteReader', () => {
    const values = [0, 1, 127, 128, 255, 65535, 2 ** 31 + 7, 2 ** 40 + 3, Number.MAX_SAFE_INTEGER];
    const signed = [0, -1, 1, -2, 2 ** 40, -(2 ** 40), 2 ** 52 - 1, -(2 ** 52 - 1)];
    const floats = [0, -0, 1.5, -1e-310, Number.MAX_VALUE, Number.NaN, Infinity];
    const strings = ['', 'abc', 'ünï', '日本語', '😀', '\ud800', 'x\udfffy', 'a'.repeat(5000)];
    const w = new ByteWriter(1);
    for (const v of values) w.varint(v);
    for (const v of signed) w.zigzag(v);
    for (const v of floats) w.float64(v);
    for (const s of strings) w.string(s);
    w.uint32(0xdeadbeef).byte(7);
    const r = new ByteReader(w.finish(), 'a test');
    expect(values.map(() => r.varint('v'))).toEqual(values);
    expect(signed.map(() => r.zigzag('z'))).toEqual(signed);
    for (const f of floats) expect(Object.is(r.float64(), f)).toBe(true);
    expect(strings.map(() => r.string('s', 10_000))).toEqual(strings);
    expect(r.uint32()).toBe(0xdeadbeef);
    expect(r.byte()).toBe(7);
    r.end();
  });

  it('refuses what the reader would refuse', () => {
    const w = new ByteWriter();
    expect(() => w.varint(-1)).toThrow(RangeError);
    expect(() => w.varint(1.5)).toThrow(RangeError);
    expect(() => w.varint(2 ** 53)).toThrow(RangeError);
    expect(() => w.zigzag(2 ** 52)).toThrow(RangeError);
    expect(() => w.byte(256)).toThrow(RangeError);
    expect(() => w.uint32(2 ** 32)).toThrow(RangeError);
  });
});
