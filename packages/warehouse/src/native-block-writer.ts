import { RowBinaryWriter } from './row-binary-writer.ts';

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
