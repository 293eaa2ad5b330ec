const SCRATCH = new DataView(new ArrayBuffer(8));

/**
 * Appends the fields of an encoded sketch part to a growing buffer. Integers are unsigned LEB128
 * varints (1 byte below 128, at most 8 for a safe integer), so small counts cost one byte; signed
 * integers are zigzag varints; floats are IEEE 754 little-endian; strings are their UTF-16 code
 * units as varints (one byte each for ASCII), which keeps any JavaScript string, a lone surrogate
 * included, unchanged through a round trip (UTF-8 would not). `finish` returns exactly the bytes
 * written. The writer refuses what the reader would refuse, so what is written always reads back.
 */
export class ByteWriter {
  private buffer: Uint8Array;
  private length = 0;

  constructor(initialCapacity = 64) {
    this.buffer = new Uint8Array(Math.max(16, initialCapacity));
  }

  byte(value: number): this {
    if (!Number.isInteger(value) || value < 0 || value > 0xff) throw new RangeError(`a byte must be an integer in [0, 255], got ${value}`);
    this.reserve(1);
    this.buffer[this.length++] = value;
    return this;
  }

  /** An unsigned 32-bit integer in 4 bytes, little-endian (for hashes, which varints would not shorten). */
  uint32(value: number): this {
    if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new RangeError(`a uint32 must be an integer in [0, 2^32), got ${value}`);
    this.reserve(4);
    const b = this.buffer;
    b[this.length] = value & 0xff;
    b[this.length + 1] = (value >>> 8) & 0xff;
    b[this.length + 2] = (value >>> 16) & 0xff;
    b[this.length + 3] = value >>> 24;
    this.length += 4;
    return this;
  }

  /** A non-negative safe integer as an unsigned LEB128 varint. */
  varint(value: number): this {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`a varint must be a non-negative safe integer, got ${value}`);
    this.reserve(8);
    const b = this.buffer;
    let v = value;
    while (v >= 0x80) {
      b[this.length++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    b[this.length++] = v;
    return this;
  }

  /** A safe integer (of magnitude below 2^52) as a zigzag varint: 0, -1, 1, -2, ... become 0, 1, 2, 3, ... */
  zigzag(value: number): this {
    if (!Number.isSafeInteger(value) || Math.abs(value) >= 2 ** 52) throw new RangeError(`a zigzag varint must be an integer of magnitude below 2^52, got ${value}`);
    return this.varint(value >= 0 ? value * 2 : -value * 2 - 1);
  }

  float64(value: number): this {
    this.reserve(8);
    SCRATCH.setFloat64(0, value, true);
    for (let i = 0; i < 8; i++) this.buffer[this.length++] = SCRATCH.getUint8(i);
    return this;
  }

  /** A string as its length in UTF-16 code units, then each code unit as a varint. */
  string(value: string): this {
    this.varint(value.length);
    this.reserve(3 * value.length);
    const b = this.buffer;
    for (let i = 0; i < value.length; i++) {
      let c = value.charCodeAt(i);
      while (c >= 0x80) {
        b[this.length++] = (c & 0x7f) | 0x80;
        c >>>= 7;
      }
      b[this.length++] = c;
    }
    return this;
  }

  /** The bytes written, in a buffer of their own. */
  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + bytes) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buffer.subarray(0, this.length));
    this.buffer = next;
  }
}
