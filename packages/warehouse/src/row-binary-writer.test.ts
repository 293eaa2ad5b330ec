import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openWarehouse } from './open-warehouse.ts';
import { NativeBlockWriter } from './native-block-writer.ts';
import { RowBinaryWriter } from './row-binary-writer.ts';
import type { Warehouse } from './warehouse.ts';

/** RowBinary String: a LEB128 length in bytes, then the UTF-8 bytes. */
function expected(value: string): Buffer {
  const utf8 = Buffer.from(value, 'utf8');
  const prefix: number[] = [];
  let n = utf8.length;
  while (n >= 0x80) {
    prefix.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  prefix.push(n);
  return Buffer.concat([Buffer.from(prefix), utf8]);
}

const STRINGS = [
  '',
  'a',
  'model-17',
  'x'.repeat(42),
  'x'.repeat(43),
  'x'.repeat(64),
  'x'.repeat(65),
  'x'.repeat(127),
  'x'.repeat(128),
  'x'.repeat(300),
  'é',
  'café',
  `${'x'.repeat(40)}é`,
  `${'x'.repeat(63)}日`,
  `${'x'.repeat(64)}日`,
  '日本語のラベル',
  '😀 emoji',
  'ü'.repeat(64),
  '\u007f\u0080',
  '\u0000nul',
  'é'.repeat(200),
];

describe('RowBinaryWriter', () => {
  it('writes strings as a varint byte length and UTF-8, ASCII or not, around every length boundary', () => {
    for (const value of STRINGS) {
      const out = new RowBinaryWriter(4);
      out.string(value);
      expect(out.bytes(), JSON.stringify(value)).toEqual(expected(value));
    }
  });

  it('keeps strings apart when many are written back to back and the buffer grows', () => {
    const out = new RowBinaryWriter(8);
    for (const value of STRINGS) out.string(value);
    expect(out.bytes()).toEqual(Buffer.concat(STRINGS.map(expected)));
  });

  it('writes maps, arrays and nullables as RowBinary lays them out', () => {
    const out = new RowBinaryWriter(8);
    out.stringMap({ a: 'b' });
    out.float64Map({ k: 1.5 });
    out.stringArray(['x', 'é']);
    out.nullableString(null);
    out.nullableFloat64(2);
    out.nullableInt64(null);
    out.nullableInt64(-1795860000000);
    const f = Buffer.alloc(8);
    f.writeDoubleLE(1.5);
    const two = Buffer.alloc(8);
    two.writeDoubleLE(2);
    const ms = Buffer.alloc(8);
    ms.writeBigInt64LE(-1795860000000n);
    expect(out.bytes()).toEqual(
      Buffer.concat([
        Buffer.from([1]), expected('a'), expected('b'), Buffer.from([1]), expected('k'), f, Buffer.from([2]), expected('x'), expected('é'), Buffer.from([1, 0]), two,
        Buffer.from([1, 0]), ms,
      ]),
    );
  });

  it('writes numbers little-endian at their ClickHouse widths', () => {
    const out = new RowBinaryWriter(2);
    out.int8(-2);
    out.uint8(200);
    out.uint32(0xdeadbeef);
    out.uint64(2 ** 40 + 5);
    out.int64(-1795860000000);
    out.int64(1795860000000);
    out.float64(-0.1);
    out.varUInt(300);
    const expectedBytes = Buffer.alloc(1 + 1 + 4 + 8 + 8 + 8 + 8 + 2);
    let at = expectedBytes.writeInt8(-2, 0);
    at = expectedBytes.writeUInt8(200, at);
    at = expectedBytes.writeUInt32LE(0xdeadbeef, at);
    at = expectedBytes.writeBigUInt64LE(2n ** 40n + 5n, at);
    at = expectedBytes.writeBigInt64LE(-1795860000000n, at);
    at = expectedBytes.writeBigInt64LE(1795860000000n, at);
    at = expectedBytes.writeDoubleLE(-0.1, at);
    expectedBytes.set([0xac, 0x02], at);
    expect(out.bytes()).toEqual(expectedBytes);
  });

  it('builds a Native block byte for byte as chDB writes one', () => {
    // chDB: SELECT toString(number) AS s, toUInt32(number) AS u, map('k', toFloat64(number)) AS m,
    // ['a'] AS a, CAST('ok', 'Enum8(...)') AS e, toDateTime64(1, 3, 'UTC') AS t FROM numbers(2) FORMAT Native
    const chdb = Buffer.from(
      '0602017306537472696e670130013101750655496e7433320000000001000000016d144d617028537472696e672c2046' +
        '6c6f617436342901000000000000000200000000000000016b016b0000000000000000000000000000f03f01610d4172' +
        '72617928537472696e6729010000000000000002000000000000000161016101651c456e756d3828276f6b27203d2031' +
        '2c20276572726f7227203d20322901010174144461746554696d65363428332c20275554432729e803000000000000e8' +
        '03000000000000',
      'hex',
    );
    const block = new NativeBlockWriter(1);
    const s = block.string('s');
    const u = block.uint32('u');
    const m = block.float64Map('m');
    const a = block.stringArray('a');
    const e = block.int8('e', "Enum8('ok' = 1, 'error' = 2)");
    const t = block.int64('t', "DateTime64(3, 'UTC')");
    for (const n of [0, 1]) {
      s.write(String(n));
      u.write(n);
      m.write({ k: n });
      a.write(['a']);
      e.write(1);
      t.write(1000);
      block.endRow();
    }
    expect(block.rows).toBe(2);
    expect(block.bytes().toString('hex')).toBe(chdb.toString('hex'));
  });

  describe('read back by chDB', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'modelwatch-rowbinary-'));
    let warehouse: Warehouse | undefined;
    afterAll(async () => {
      await warehouse?.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('stores every string, map key and value exactly', async () => {
      warehouse ??= await openWarehouse({ database: 'rowbinary_test', dataDir });
      await warehouse.client.command({
        query: 'CREATE TABLE t (i UInt32, s String, m Map(LowCardinality(String), String), n Nullable(String), o UInt64, ts DateTime64(3, \'UTC\')) ENGINE = MergeTree ORDER BY i',
      });
      const out = new RowBinaryWriter(16);
      STRINGS.forEach((value, i) => {
        out.uint32(i);
        out.string(value);
        out.stringMap({ [`k${value}`]: value });
        out.nullableString(i % 2 ? null : value);
        out.uint64(2 ** 40 + i);
        out.int64(Date.UTC(2026, 10, 28) + i);
      });
      await warehouse.insertBinary({ table: 't', columns: ['i', 's', 'm', 'n', 'o', 'ts'], format: 'RowBinary', data: out.bytes(), deduplicationToken: 't/0/0-1/1' });
      const rows = await (
        await warehouse.client.query({ query: 'SELECT i, s, m, n, toString(o) AS o, toUnixTimestamp64Milli(ts) AS ts FROM t ORDER BY i', format: 'JSONEachRow' })
      ).json<{ i: number; s: string; m: Record<string, string>; n: string | null; o: string; ts: string | number }>();
      expect(rows.map((r) => ({ ...r, ts: Number(r.ts) }))).toEqual(
        STRINGS.map((value, i) => ({ i, s: value, m: { [`k${value}`]: value }, n: i % 2 ? null : value, o: String(2 ** 40 + i), ts: Date.UTC(2026, 10, 28) + i })),
      );
    });

    it('reads a Native block into LowCardinality, Map, Array, Nullable, Enum and DateTime64 columns', async () => {
      warehouse ??= await openWarehouse({ database: 'rowbinary_test', dataDir });
      await warehouse.client.command({
        query: `CREATE TABLE n (i UInt32, s LowCardinality(String), m Map(LowCardinality(String), Float64), sm Map(LowCardinality(String), String),
          a Array(LowCardinality(String)), nf Nullable(Float64), ns Nullable(String), e Enum8('ok' = 1, 'error' = 2), o UInt64, ts DateTime64(3, 'UTC'))
          ENGINE = MergeTree ORDER BY i`,
      });
      const block = new NativeBlockWriter(2);
      const i = block.uint32('i');
      const s = block.string('s');
      const m = block.float64Map('m');
      const sm = block.stringMap('sm');
      const a = block.stringArray('a');
      const nf = block.nullableFloat64('nf');
      const ns = block.nullableString('ns');
      const e = block.int8('e', "Enum8('ok' = 1, 'error' = 2)");
      const o = block.uint64('o');
      const ts = block.int64('ts', "DateTime64(3, 'UTC')");
      const expected = STRINGS.map((value, n) => ({
        i: n,
        s: value,
        m: (n % 3 === 0 ? {} : { [`k${value}`]: n / 7, other: -n }) as Record<string, number>,
        sm: { [`k${value}`]: value },
        a: n % 4 === 0 ? [] : [value, 'x'],
        nf: n % 2 ? null : n * 1.5,
        ns: n % 2 ? value : null,
        e: n % 5 === 0 ? 'error' : 'ok',
        o: String(2 ** 40 + n),
        ts: Date.UTC(2026, 10, 28) + n,
      }));
      for (const row of expected) {
        i.write(row.i);
        s.write(row.s);
        m.write(row.m);
        sm.write(row.sm);
        a.write(row.a);
        nf.write(row.nf);
        ns.write(row.ns);
        e.write(row.e === 'ok' ? 1 : 2);
        o.write(Number(row.o));
        ts.write(row.ts);
        block.endRow();
      }
      await warehouse.insertBinary({ table: 'n', columns: ['i', 's', 'm', 'sm', 'a', 'nf', 'ns', 'e', 'o', 'ts'], format: 'Native', data: block.bytes(), deduplicationToken: 'n/0/0-1/1' });
      const rows = await (
        await warehouse.client.query({ query: 'SELECT i, s, m, sm, a, nf, ns, e, toString(o) AS o, toUnixTimestamp64Milli(ts) AS ts FROM n ORDER BY i', format: 'JSONEachRow' })
      ).json<Record<string, unknown>>();
      expect(rows.map((r) => ({ ...r, ts: Number(r['ts']) }))).toEqual(expected);
    });
  });
});
