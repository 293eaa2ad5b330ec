import { describe, expect, it } from 'vitest';
import { upgradeNativeRevision } from './native-revision.ts';

/** Native blocks for tests: the same builder writes revision 0 and a later revision. */
class NativeBuilder {
  private readonly parts: Buffer[] = [];
  constructor(private readonly revision: number) {}

  varUInt(v: number): this {
    const bytes: number[] = [];
    while (v >= 0x80) {
      bytes.push((v & 0x7f) | 0x80);
      v = Math.floor(v / 128);
    }
    bytes.push(v);
    this.parts.push(Buffer.from(bytes));
    return this;
  }
  raw(...bytes: Array<number | Buffer>): this {
    for (const b of bytes) this.parts.push(typeof b === 'number' ? Buffer.from([b]) : b);
    return this;
  }
  str(s: string): this {
    const b = Buffer.from(s);
    return this.varUInt(b.length).raw(b);
  }
  u64(v: number): this {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(v));
    return this.raw(b);
  }
  block(columns: number, rows: number): this {
    if (this.revision > 0) this.raw(Buffer.from([1, 0, 2, 0xff, 0xff, 0xff, 0xff, 0]));
    return this.varUInt(columns).varUInt(rows);
  }
  column(name: string, type: string): this {
    this.str(name).str(type);
    return this.revision >= 54454 ? this.raw(0) : this;
  }
  build(): Buffer {
    return Buffer.concat(this.parts);
  }
}

function sample(revision: number): Buffer {
  const b = new NativeBuilder(revision);
  // Block 1: 2 rows of several types.
  b.block(7, 2);
  b.column('id', 'UInt32').raw(Buffer.alloc(8, 1));
  b.column('name', 'String').str('ab').str('');
  b.column('n', 'Nullable(Float64)').raw(0, 1).raw(Buffer.alloc(16, 2));
  b.column('arr', 'Array(String)').u64(1).u64(3).str('x').str('yy').str('zzz');
  b.column('m', 'Map(LowCardinality(String), Float64)')
    .u64(1) // LowCardinality key version (prefix)
    .u64(1)
    .u64(2) // map offsets: 1 then 2 entries in total
    .u64(0x600) // LowCardinality index type: UInt8 indexes, additional keys
    .u64(2)
    .str('')
    .str('k') // keys
    .u64(2)
    .raw(1, 1) // indexes
    .raw(Buffer.alloc(16, 3)); // values
  b.column('t', "Tuple(a DateTime64(3, 'UTC'), b FixedString(2))").raw(Buffer.alloc(16, 4)).raw(Buffer.from('aabb'));
  b.column('lcn', 'LowCardinality(Nullable(String))').u64(1).u64(0x600).u64(2).str('').str('v').u64(2).raw(0, 1);
  // Block 2: no rows, so no data.
  b.block(1, 0);
  b.column('id', 'UInt32');
  return b.build();
}

describe('upgradeNativeRevision', () => {
  it('adds block info and the per-column serialization flag', () => {
    const rev0 = Buffer.from('010101780555496e743801', 'hex'); // SELECT 1 AS x, from chDB
    expect(upgradeNativeRevision(rev0, 54513).toString('hex')).toBe('010002ffffffff00' + '010101780555496e7438' + '00' + '01');
    expect(upgradeNativeRevision(rev0, 54000).toString('hex')).toBe('010002ffffffff00' + '010101780555496e743801');
    expect(upgradeNativeRevision(rev0, 0)).toBe(rev0);
  });

  it('finds every column boundary for strings, nullables, arrays, maps, tuples and LowCardinality', () => {
    expect(upgradeNativeRevision(sample(0), 54460)).toEqual(sample(54460));
  });

  it('reads chDB LowCardinality output', () => {
    const rev0 = Buffer.from(
      '01010178164c6f7743617264696e616c69747928537472696e672901000000000000000006000000000000020000000000000000026162010000000000000001',
      'hex',
    );
    const upgraded = upgradeNativeRevision(rev0, 54460);
    expect(upgraded.length).toBe(rev0.length + 9);
    expect(upgraded.subarray(8 + 2 + 2 + 23, 8 + 2 + 2 + 23 + 1).toString('hex')).toBe('00');
  });

  it('refuses types whose layout depends on the revision, and truncated data', () => {
    const json = new NativeBuilder(0).block(1, 1).column('j', 'JSON').raw(0).build();
    expect(() => upgradeNativeRevision(json, 54460)).toThrow(expect.objectContaining({ code: 48 }));
    const truncated = new NativeBuilder(0).block(1, 2).column('id', 'UInt32').raw(Buffer.alloc(4)).build();
    expect(() => upgradeNativeRevision(truncated, 54460)).toThrow(RangeError);
  });
});
