import { EndpointError } from './endpoint-error.ts';
import { parseNativeType, type NativeType } from './native-type.ts';

/**
 * Rewrites the Native format as chDB writes it (protocol revision 0, what ClickHouse sends an
 * HTTP client that gives no `client_protocol_version`) into the layout of a later revision,
 * the one the client asked for. clickhouse-go (Grafana's ClickHouse data source over HTTP) sends
 * `client_protocol_version` and decodes blocks with block info and a per-column serialization
 * flag; chDB has no way to be told the client's revision, so the endpoint adds them.
 *
 * Column data is copied as it is: for default serializations it is the same in every
 * revision. The rewrite only has to know each column's length, which it reads from the types.
 * Types whose layout depends on the revision (Dynamic, Variant, JSON, AggregateFunction) are refused.
 */
export const MIN_REVISION_WITH_CUSTOM_SERIALIZATION = 54454;

/** is_overflows = false (field 1), bucket_num = -1 (field 2), end of fields (0). */
const BLOCK_INFO = Buffer.from([0x01, 0x00, 0x02, 0xff, 0xff, 0xff, 0xff, 0x00]);

const FIXED_SIZE: Readonly<Record<string, number>> = {
  UInt8: 1, UInt16: 2, UInt32: 4, UInt64: 8, UInt128: 16, UInt256: 32,
  Int8: 1, Int16: 2, Int32: 4, Int64: 8, Int128: 16, Int256: 32,
  Float32: 4, Float64: 8, BFloat16: 2, Bool: 1,
  Date: 2, Date32: 4, DateTime: 4, DateTime64: 8, Time: 4, Time64: 8,
  UUID: 16, IPv4: 4, IPv6: 16, Enum8: 1, Enum16: 2,
  Decimal32: 4, Decimal64: 8, Decimal128: 16, Decimal256: 32,
  Nothing: 1,
};

const ALIASES: Readonly<Record<string, string>> = {
  Point: 'Tuple(Float64, Float64)',
  Ring: 'Array(Tuple(Float64, Float64))',
  LineString: 'Array(Tuple(Float64, Float64))',
  Polygon: 'Array(Array(Tuple(Float64, Float64)))',
  MultiLineString: 'Array(Array(Tuple(Float64, Float64)))',
  MultiPolygon: 'Array(Array(Array(Tuple(Float64, Float64))))',
};

class Reader {
  pos: number;
  constructor(
    readonly data: Buffer,
    start: number,
  ) {
    this.pos = start;
  }

  need(bytes: number): void {
    if (this.pos + bytes > this.data.length) throw new RangeError('Native data ends inside a column');
  }

  varUInt(): number {
    let value = 0;
    let factor = 1;
    for (let i = 0; i < 10; i++) {
      this.need(1);
      const byte = this.data[this.pos++]!;
      value += (byte & 0x7f) * factor;
      if (byte < 0x80) return value;
      factor *= 128;
    }
    throw new RangeError('bad varint in Native data');
  }

  uint64(): number {
    this.need(8);
    const value = Number(this.data.readBigUInt64LE(this.pos));
    this.pos += 8;
    return value;
  }

  skip(bytes: number): void {
    this.need(bytes);
    this.pos += bytes;
  }

  string(): string {
    const length = this.varUInt();
    this.need(length);
    const text = this.data.toString('utf8', this.pos, this.pos + length);
    this.pos += length;
    return text;
  }
}

function unsupported(type: NativeType): EndpointError {
  return new EndpointError(
    'NOT_IMPLEMENTED',
    `Native output with client_protocol_version is not available for columns of type ${type.name} through the modelwatch SQL endpoint; select it as String (toString, toJSONString) or use another format`,
  );
}

function resolve(type: NativeType): NativeType {
  const alias = ALIASES[type.name];
  if (alias) return parseNativeType(alias);
  if (type.name === 'Nested') return { name: 'Array', args: [{ name: 'Tuple', args: type.args, params: type.params }], params: [] };
  if (type.name === 'Map') return { name: 'Array', args: [{ name: 'Tuple', args: type.args, params: type.params }], params: [] };
  if (type.name === 'SimpleAggregateFunction') return resolve(type.args[0] ?? { name: 'Nothing', args: [], params: [] });
  return type;
}

function fixedSize(type: NativeType): number | undefined {
  if (type.name === 'FixedString') return Number(type.params[0]);
  if (type.name === 'Decimal') {
    const precision = Number(type.params[0]);
    return precision <= 9 ? 4 : precision <= 18 ? 8 : precision <= 38 ? 16 : 32;
  }
  if (type.name.startsWith('Interval')) return 8;
  return FIXED_SIZE[type.name];
}

/** The serialization state prefix ClickHouse writes before a column's data. */
function skipPrefix(reader: Reader, raw: NativeType): void {
  const type = resolve(raw);
  if (type.name === 'LowCardinality') {
    reader.skip(8); // key serialization version
    return;
  }
  if (type.name === 'Array' || type.name === 'Nullable' || type.name === 'Tuple') {
    for (const arg of type.args) skipPrefix(reader, arg);
  }
}

function skipData(reader: Reader, raw: NativeType, rows: number): void {
  if (rows === 0) return;
  const type = resolve(raw);
  const size = fixedSize(type);
  if (size !== undefined && Number.isFinite(size)) {
    reader.skip(size * rows);
    return;
  }
  switch (type.name) {
    case 'String':
      for (let i = 0; i < rows; i++) reader.skip(reader.varUInt());
      return;
    case 'Nullable':
      reader.skip(rows);
      skipData(reader, type.args[0]!, rows);
      return;
    case 'Array': {
      reader.skip(8 * (rows - 1));
      const total = reader.uint64();
      skipData(reader, type.args[0]!, total);
      return;
    }
    case 'Tuple':
      for (const arg of type.args) skipData(reader, arg, rows);
      return;
    case 'LowCardinality': {
      // Groups of [index type][keys][row count][indexes] until every row has an index.
      const inner = type.args[0]!;
      const keys = inner.name === 'Nullable' ? inner.args[0]! : inner;
      for (let done = 0; done < rows; ) {
        const flags = reader.uint64();
        if ((flags & 0x100) !== 0) throw unsupported({ name: 'LowCardinality with a global dictionary', args: [], params: [] });
        if ((flags & 0x200) !== 0) skipData(reader, keys, reader.uint64());
        const count = reader.uint64();
        reader.skip(count * [1, 2, 4, 8][flags & 0xff]!);
        done += count;
        if (count === 0) throw new RangeError('empty LowCardinality group in Native data');
      }
      return;
    }
    default:
      throw unsupported(type);
  }
}

export function upgradeNativeRevision(data: Buffer, revision: number): Buffer {
  if (revision <= 0) return data;
  const parts: Buffer[] = [];
  const reader = new Reader(data, 0);
  const flag = revision >= MIN_REVISION_WITH_CUSTOM_SERIALIZATION ? Buffer.from([0]) : undefined;
  while (reader.pos < data.length) {
    parts.push(BLOCK_INFO);
    let copied = reader.pos;
    const columns = reader.varUInt();
    const rows = reader.varUInt();
    for (let c = 0; c < columns; c++) {
      reader.string();
      const typeName = reader.string();
      if (flag) {
        parts.push(data.subarray(copied, reader.pos), flag);
        copied = reader.pos;
      }
      if (rows > 0) {
        let type: NativeType;
        try {
          type = parseNativeType(typeName);
        } catch {
          throw unsupported({ name: typeName, args: [], params: [] });
        }
        skipPrefix(reader, type);
        skipData(reader, type, rows);
      }
    }
    parts.push(data.subarray(copied, reader.pos));
  }
  return Buffer.concat(parts);
}
