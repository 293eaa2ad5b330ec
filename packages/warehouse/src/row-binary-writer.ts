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

  /** Nullable(Int64), and Nullable(DateTime64(3)) from epoch milliseconds. */
  nullableInt64(value: number | null): void {
    if (value === null) {
      this.uint8(1);
    } else {
      this.uint8(0);
      this.int64(value);
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
