import { fmix32 } from '../bottom-k-sample.ts';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const SCRATCH = new DataView(new ArrayBuffer(8));

/**
 * A 32-bit fingerprint of a layout (FNV-1a over its canonical bytes, then MurmurHash3's
 * finaliser), written in every encoded part so that bytes counted in one layout are never read
 * in another. A guard against mix-ups, not against forgery: two layouts collide with probability
 * 2^-32. Stable across platforms and versions: it is part of the stored format.
 */
export class LayoutFingerprint {
  private h = FNV_OFFSET;

  /** Mixes in a tag that says what the following fields are, so different layouts hash apart. */
  constructor(tag: string) {
    this.string(tag);
  }

  byte(b: number): this {
    this.h = Math.imul(this.h ^ (b & 0xff), FNV_PRIME);
    return this;
  }

  uint32(v: number): this {
    return this.byte(v).byte(v >>> 8).byte(v >>> 16).byte(v >>> 24);
  }

  /** The 8 bytes of the double, little-endian (so -0 and 0 differ, as they would in the encoding). */
  float64(v: number): this {
    SCRATCH.setFloat64(0, v, true);
    for (let i = 0; i < 8; i++) this.byte(SCRATCH.getUint8(i));
    return this;
  }

  /** The length, then every UTF-16 code unit (two bytes). */
  string(s: string): this {
    this.uint32(s.length);
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      this.byte(c).byte(c >>> 8);
    }
    return this;
  }

  get value(): number {
    return fmix32(this.h >>> 0);
  }
}
