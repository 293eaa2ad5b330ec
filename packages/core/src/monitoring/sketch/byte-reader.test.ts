import { describe, expect, it } from 'vitest';
import { ByteReader } from './byte-reader.ts';
import { SketchDecodeError } from './sketch-decode-error.ts';

const read = (bytes: number[], f: (r: ByteReader) => unknown): unknown => f(new ByteReader(Uint8Array.from(bytes), 'a test part'));

describe('ByteReader', () => {
  it('refuses truncated fields, naming the part and the offset', () => {
    expect(() => read([0x80], (r) => r.varint('a count'))).toThrow(SketchDecodeError);
    expect(() => read([0x80], (r) => r.varint('a count'))).toThrow('cannot decode a test part: the bytes end too early (at byte 1 of 1)');
    expect(() => read([1, 2, 3], (r) => r.uint32())).toThrow(/end too early/);
    expect(() => read([1, 2, 3, 4, 5, 6, 7], (r) => r.float64())).toThrow(/end too early/);
    expect(() => read([], (r) => r.byte())).toThrow(/end too early/);
  });

  it('refuses overlong and oversized varints, so every number has one encoding', () => {
    expect(() => read([0x81, 0x00], (r) => r.varint('a count'))).toThrow(/a count is an overlong varint/);
    expect(() => read([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01], (r) => r.varint('a count'))).toThrow(/longer than 8 bytes/);
    expect(() => read([0x80, 0x02], (r) => r.varint('a count', 255))).toThrow('cannot decode a test part: a count is 256, above its limit 255 (at byte 0 of 2)');
    expect(read([0x00], (r) => r.varint('a count'))).toBe(0);
    expect(read([0xff, 0x01], (r) => r.varint('a count', 255))).toBe(255);
  });

  it('refuses a string longer than its limit or than the bytes left, and code units above 0xffff', () => {
    expect(() => read([5, 97], (r) => r.string('a value', 10))).toThrow(/longer than the bytes left/);
    expect(() => read([11], (r) => r.string('a value', 10))).toThrow(/above its limit 10/);
    expect(() => read([1, 0x80, 0x80, 0x04], (r) => r.string('a value', 10))).toThrow(/a code unit of a value is 65536/);
  });

  it('refuses trailing bytes', () => {
    expect(() => read([1, 2], (r) => (r.byte(), r.end()))).toThrow('cannot decode a test part: 1 bytes follow the last field (at byte 1 of 2)');
  });

  it('takes only a Uint8Array', () => {
    expect(() => new ByteReader([1, 2] as unknown as Uint8Array, 'a test part')).toThrow(SketchDecodeError);
  });
});
