import { describe, expect, it } from 'vitest';
import { ByteReader } from './byte-reader.ts';
import { ByteWriter } from './byte-writer.ts';
import { readHeader, SKETCH_KINDS, SKETCH_MAGIC, writeHeader } from './sketch-header.ts';

describe('sketch header', () => {
  it('is magic, kind code and version', () => {
    const w = new ByteWriter();
    writeHeader(w, 'categories', 1);
    expect([...w.finish()]).toEqual([SKETCH_MAGIC, SKETCH_KINDS.categories, 1]);
    expect(readHeader(new ByteReader(w.finish(), 'x'), 'categories', [1])).toBe(1);
  });

  it('tells other bytes, other parts and newer versions apart', () => {
    const r = (bytes: number[]) => new ByteReader(Uint8Array.from(bytes), 'a numeric bin sketch');
    expect(() => readHeader(r([0x7b, 0x22]), 'numeric-bins', [1])).toThrow(/first byte is 0x7b, not 0xd5: these bytes are not an encoded sketch part/);
    expect(() => readHeader(r([SKETCH_MAGIC, SKETCH_KINDS['log-buckets'], 1]), 'numeric-bins', [1])).toThrow(/these bytes are a log-bucket sketch, not a numeric bin sketch/);
    expect(() => readHeader(r([SKETCH_MAGIC, 99, 1]), 'numeric-bins', [1])).toThrow(/unknown part kind 99/);
    expect(() => readHeader(r([SKETCH_MAGIC, SKETCH_KINDS['numeric-bins'], 2]), 'numeric-bins', [1])).toThrow(/format version 2 is newer than this code reads \(1\): upgrade the reader/);
    expect(() => readHeader(r([SKETCH_MAGIC, SKETCH_KINDS['numeric-bins'], 0]), 'numeric-bins', [1])).toThrow(/format version 0 is not one this code reads/);
  });

  it('keeps its kind codes: they are part of stored state', () => {
    expect(SKETCH_KINDS).toEqual({ 'numeric-bins': 1, 'log-buckets': 2, categories: 3 });
  });
});
