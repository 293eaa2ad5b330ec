import { SketchDecodeError } from './sketch-decode-error.ts';

const SCRATCH = new DataView(new ArrayBuffer(8));

/**
 * Reads the fields that ByteWriter writes, refusing anything it would not have written: a
 * truncated field, an overlong varint (a final 0x00 byte: the encoding of a number is unique,
 * so decode then encode gives the same bytes), a value above the caller's limit, trailing
 * bytes. Every refusal is a SketchDecodeError naming the part, the problem and the byte offset.
 */
export class ByteReader {
  private at = 0;

  constructor(
    private readonly bytes: Uint8Array,
    /** What is being read, for messages: "a numeric bin sketch". */
    private readonly what: string,
  ) {
    if (!(bytes instanceof Uint8Array)) throw new SketchDecodeError(`${what} must be given as a Uint8Array`, 0);
  }

  get offset(): number {
    return this.at;
  }

  /** Throws a SketchDecodeError for `problem` at the current offset. */
  fail(problem: string, offset = this.at): never {
    throw new SketchDecodeError(`cannot decode ${this.what}: ${problem} (at byte ${offset} of ${this.bytes.length})`, offset);
  }

  byte(): number {
    if (this.at >= this.bytes.length) this.fail('the bytes end too early');
    return this.bytes[this.at++] as number;
  }

  uint32(): number {
    if (this.at + 4 > this.bytes.length) this.fail('the bytes end too early');
    const b = this.bytes;
    const v = ((b[this.at] as number) | ((b[this.at + 1] as number) << 8) | ((b[this.at + 2] as number) << 16) | ((b[this.at + 3] as number) << 24)) >>> 0;
    this.at += 4;
    return v;
  }

  /** An unsigned varint no greater than `max` (default: the largest safe integer). */
  varint(what: string, max = Number.MAX_SAFE_INTEGER): number {
    const start = this.at;
    let value = 0;
    let scale = 1;
    for (let i = 0; ; i++) {
      if (i === 8) this.fail(`${what} is a varint longer than 8 bytes`, start);
      const b = this.byte();
      value += (b & 0x7f) * scale;
      if (b < 0x80) {
        if (b === 0 && i > 0) this.fail(`${what} is an overlong varint`, start);
        break;
      }
      scale *= 0x80;
    }
    if (value > max) this.fail(`${what} is ${value}, above its limit ${max}`, start);
    return value;
  }

  /** A zigzag varint of magnitude below 2^52. */
  zigzag(what: string): number {
    const z = this.varint(what, 2 ** 53 - 1);
    const v = z % 2 === 0 ? z / 2 : -(z + 1) / 2;
    return v;
  }

  float64(): number {
    if (this.at + 8 > this.bytes.length) this.fail('the bytes end too early');
    for (let i = 0; i < 8; i++) SCRATCH.setUint8(i, this.bytes[this.at + i] as number);
    this.at += 8;
    return SCRATCH.getFloat64(0, true);
  }

  /** A string written by ByteWriter.string, of at most `maxLength` code units. */
  string(what: string, maxLength: number): string {
    const length = this.varint(`the length of ${what}`, maxLength);
    // Each code unit takes at least one byte: refuse a length the remaining bytes cannot hold before allocating.
    if (length > this.bytes.length - this.at) this.fail(`${what} is longer than the bytes left`);
    const units = new Array<number>(length);
    for (let i = 0; i < length; i++) units[i] = this.varint(`a code unit of ${what}`, 0xffff);
    let out = '';
    for (let i = 0; i < length; i += 4096) out += String.fromCharCode(...units.slice(i, i + 4096));
    return out;
  }

  /** Refuses bytes left after the last field. */
  end(): void {
    if (this.at !== this.bytes.length) this.fail(`${this.bytes.length - this.at} bytes follow the last field`);
  }
}
