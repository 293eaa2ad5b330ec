/**
 * Builds ClickHouse RowBinary into one growing buffer. RowBinary is the fastest format to
 * produce from JavaScript: no number-to-text conversion, and the engine reads it without
 * parsing. The caller writes the columns of each row in the table's declared order.
 */
/** Strings up to this many UTF-16 units are tried as ASCII first; the prefix then fits one byte. */
const ASCII_LOOP_MAX = 64;

export class RowBinaryWriter {
  private buffer: Buffer;
  // Numbers go through a DataView on the same memory: cheaper than Buffer's write*LE methods.
  private view: DataView;
  private position = 0;

  constructor(initialBytes = 1 << 20) {
    this.buffer = Buffer.allocUnsafe(Math.max(16, initialBytes));
    this.view = new DataView(this.buffer.buffer, this.buffer.byteOffset, this.buffer.length);
  }

  get length(): number {
    return this.position;
  }

  /** The bytes written so far; valid until the next write. */
  bytes(): Buffer {
    return this.buffer.subarray(0, this.position);
  }

  reset(): void {
    this.position = 0;
  }

  /**
   * A writer of one block in ClickHouse's Native format (columns, not rows), built from the
   * same primitives. Insert its bytes with `format: 'Native'`.
   */
  static nativeBlock(rowsHint?: number): NativeBlockWriter {
    return new NativeBlockWriter(rowsHint);
  }

  string(value: string): void {
    const length = value.length;
    if (length <= ASCII_LOOP_MAX) {
      // Most strings here are short ASCII (ids, feature names, categories): copying their
      // char codes is several times cheaper than a call into Buffer.write. The length prefix
      // is one byte; on the first non-ASCII unit the loop gives up and the general path
      // below overwrites what it wrote.
      this.ensure(length + 1);
      const buffer = this.buffer;
      const start = this.position;
      let at = start + 1;
      let i = 0;
      for (; i < length; i++) {
        const code = value.charCodeAt(i);
        if (code >= 0x80) break;
        buffer[at++] = code;
      }
      if (i === length) {
        buffer[start] = length;
        this.position = at;
        return;
      }
    }
    // A UTF-8 string takes at most three bytes per UTF-16 unit: reserve that, write, then
    // patch the length prefix if the real size needs a different varint width.
    const maxBytes = length * 3;
    this.ensure(maxBytes + 10);
    if (maxBytes < 128) {
      const start = this.position++;
      const written = this.buffer.write(value, this.position, 'utf8');
      this.buffer[start] = written;
      this.position += written;
      return;
    }
    const written = Buffer.byteLength(value, 'utf8');
    this.varUInt(written);
    this.position += this.buffer.write(value, this.position, 'utf8');
  }

  varUInt(value: number): void {
    this.ensure(10);
    let v = value;
    while (v >= 0x80) {
      this.buffer[this.position++] = (v & 0x7f) | 0x80;
      v = Math.floor(v / 128);
    }
    this.buffer[this.position++] = v;
  }

  uint8(value: number): void {
    this.ensure(1);
    this.buffer[this.position++] = value;
  }

  int8(value: number): void {
    this.ensure(1);
    this.view.setInt8(this.position++, value);
  }

  uint32(value: number): void {
    this.ensure(4);
    this.view.setUint32(this.position, value, true);
    this.position += 4;
  }

  /** UInt64 and Int64 from a JavaScript number: exact up to 2^53, enough for offsets and times. */
  uint64(value: number): void {
    this.ensure(8);
    this.view.setUint32(this.position, value % 0x100000000, true);
    this.view.setUint32(this.position + 4, Math.floor(value / 0x100000000), true);
    this.position += 8;
  }

  int64(value: number): void {
    if (value >= 0) {
      this.uint64(value);
      return;
    }
    this.ensure(8);
    this.view.setBigInt64(this.position, BigInt(value), true);
    this.position += 8;
  }

  float64(value: number): void {
    this.ensure(8);
    this.view.setFloat64(this.position, value, true);
    this.position += 8;
  }

  nullableFloat64(value: number | null): void {
    if (value === null) {
      this.uint8(1);
    } else {
      this.uint8(0);
      this.float64(value);
    }
  }

  nullableString(value: string | null): void {
    if (value === null) {
      this.uint8(1);
    } else {
      this.uint8(0);
      this.string(value);
    }
  }

  stringArray(values: readonly string[]): void {
    this.varUInt(values.length);
    for (const v of values) this.string(v);
  }

  /** Map(String, Float64) from a plain object. */
  float64Map(map: Readonly<Record<string, number>>): void {
    const keys = Object.keys(map);
    this.varUInt(keys.length);
    for (const k of keys) {
      this.string(k);
      this.float64(map[k]!);
    }
  }

  /** Map(String, String) from a plain object. */
  stringMap(map: Readonly<Record<string, string>>): void {
    const keys = Object.keys(map);
    this.varUInt(keys.length);
    for (const k of keys) {
      this.string(k);
      this.string(map[k]!);
    }
  }

  private ensure(extra: number): void {
    if (this.position + extra <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.position + extra) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buffer.copy(next, 0, 0, this.position);
    this.buffer = next;
    this.view = new DataView(next.buffer, next.byteOffset, next.length);
  }
}

/**
 * One column of a Native block: its name, the type the block declares for it, and the streams
 * its data is written to (Native stores a column's values together, and a Map, Array or
 * Nullable as several streams one after the other).
 */
interface NativeColumnData {
  readonly name: string;
  readonly type: string;
  readonly streams: readonly RowBinaryWriter[];
}

/**
 * Builds one block of ClickHouse's Native format, column by column. The engine reads Native
 * without parsing rows: a block of inference events costs chDB about a third of the CPU the
 * same rows cost as RowBinary. Declare String for LowCardinality(String) columns (and
 * Map(String, …) for Map(LowCardinality(String), …)): the engine converts on insert.
 *
 * Make the columns first, then write every column once per row and call `endRow`.
 */
export class NativeBlockWriter {
  private readonly columns: NativeColumnData[] = [];
  private count = 0;

  constructor(private readonly rowsHint = 1024) {}

  get rows(): number {
    return this.count;
  }

  endRow(): void {
    this.count++;
  }

  string(name: string, type = 'String'): StringColumn {
    return new StringColumn(this.add(name, type, [16]));
  }

  int8(name: string, type = 'Int8'): FixedColumn {
    return new FixedColumn(this.add(name, type, [1]), 1);
  }

  uint32(name: string, type = 'UInt32'): FixedColumn {
    return new FixedColumn(this.add(name, type, [4]), 4);
  }

  uint64(name: string, type = 'UInt64'): FixedColumn {
    return new FixedColumn(this.add(name, type, [8]), 8);
  }

  /** Int64, or DateTime64 given as its integer ticks (milliseconds for DateTime64(3)). */
  int64(name: string, type = 'Int64'): FixedColumn {
    return new FixedColumn(this.add(name, type, [8]), 8);
  }

  nullableFloat64(name: string): NullableFloat64Column {
    return new NullableFloat64Column(this.add(name, 'Nullable(Float64)', [1, 8]));
  }

  nullableString(name: string): NullableStringColumn {
    return new NullableStringColumn(this.add(name, 'Nullable(String)', [1, 16]));
  }

  stringArray(name: string): StringArrayColumn {
    return new StringArrayColumn(this.add(name, 'Array(String)', [8, 16]));
  }

  float64Map(name: string): Float64MapColumn {
    return new Float64MapColumn(this.add(name, 'Map(String, Float64)', [8, 64, 64]));
  }

  stringMap(name: string): StringMapColumn {
    return new StringMapColumn(this.add(name, 'Map(String, String)', [8, 16, 16]));
  }

  /** The block: column count, row count, then each column's name, type and streams. */
  bytes(): Buffer {
    const header = new RowBinaryWriter(64 + this.columns.length * 64);
    header.varUInt(this.columns.length);
    header.varUInt(this.count);
    let size = header.length;
    const heads: Buffer[] = [];
    for (const column of this.columns) {
      const head = new RowBinaryWriter(16 + (column.name.length + column.type.length) * 3);
      head.string(column.name);
      head.string(column.type);
      heads.push(head.bytes());
      size += head.length;
      for (const stream of column.streams) size += stream.length;
    }
    const out = Buffer.allocUnsafe(size);
    let at = header.bytes().copy(out, 0);
    this.columns.forEach((column, i) => {
      at += heads[i]!.copy(out, at);
      for (const stream of column.streams) at += stream.bytes().copy(out, at);
    });
    return out;
  }

  private add(name: string, type: string, bytesPerRow: readonly number[]): RowBinaryWriter[] {
    const streams = bytesPerRow.map((b) => new RowBinaryWriter(Math.max(256, this.rowsHint * b)));
    this.columns.push({ name, type, streams });
    return streams;
  }
}

export class StringColumn {
  constructor(private readonly streams: readonly RowBinaryWriter[]) {}
  write(value: string): void {
    this.streams[0]!.string(value);
  }
}

export class FixedColumn {
  private readonly out: RowBinaryWriter;
  constructor(streams: readonly RowBinaryWriter[], private readonly width: 1 | 4 | 8) {
    this.out = streams[0]!;
  }
  write(value: number): void {
    if (this.width === 8) this.out.int64(value);
    else if (this.width === 4) this.out.uint32(value);
    else this.out.int8(value);
  }
}

export class NullableFloat64Column {
  constructor(private readonly streams: readonly RowBinaryWriter[]) {}
  write(value: number | null): void {
    this.streams[0]!.uint8(value === null ? 1 : 0);
    this.streams[1]!.float64(value ?? 0);
  }
}

export class NullableStringColumn {
  constructor(private readonly streams: readonly RowBinaryWriter[]) {}
  write(value: string | null): void {
    this.streams[0]!.uint8(value === null ? 1 : 0);
    this.streams[1]!.string(value ?? '');
  }
}

/** Array(T) in Native: the running end offset of each row (UInt64), then all the items. */
export class StringArrayColumn {
  private end = 0;
  constructor(private readonly streams: readonly RowBinaryWriter[]) {}
  write(values: readonly string[]): void {
    this.end += values.length;
    this.streams[0]!.uint64(this.end);
    const items = this.streams[1]!;
    for (let i = 0; i < values.length; i++) items.string(values[i]!);
  }
}

/** Map(K, V) in Native: like Array(Tuple(K, V)), the end offsets, then all keys, then all values. */
export class Float64MapColumn {
  private end = 0;
  constructor(private readonly streams: readonly RowBinaryWriter[]) {}
  write(map: Readonly<Record<string, number>>): void {
    const names = Object.keys(map);
    this.end += names.length;
    this.streams[0]!.uint64(this.end);
    const keys = this.streams[1]!;
    const values = this.streams[2]!;
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      keys.string(name);
      values.float64(map[name]!);
    }
  }
}

export class StringMapColumn {
  private end = 0;
  constructor(private readonly streams: readonly RowBinaryWriter[]) {}
  write(map: Readonly<Record<string, string>>): void {
    const names = Object.keys(map);
    this.end += names.length;
    this.streams[0]!.uint64(this.end);
    const keys = this.streams[1]!;
    const values = this.streams[2]!;
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      keys.string(name);
      values.string(map[name]!);
    }
  }
}
