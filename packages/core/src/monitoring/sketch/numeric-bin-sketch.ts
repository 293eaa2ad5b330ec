import { DriftInputError } from '../../drift/drift-input-error.ts';
import { ExactSum } from '../model-window-state.ts';
import type { AlignedBins } from './aligned-bins.ts';
import { ByteReader } from './byte-reader.ts';
import { ByteWriter } from './byte-writer.ts';
import type { NumericBinLayout } from './numeric-bin-layout.ts';
import { readHeader, writeHeader } from './sketch-header.ts';

/** Quanta per bin width of the in-range position sums. */
export const POSITION_SCALE = 65536;
const MAX_COUNT = 0xffffffff;
const FORMAT_VERSION = 1;
const WHAT = 'a numeric bin sketch';

/**
 * The values of one numeric feature counted in a reference's fine bins (NumericBinLayout): the
 * window state from which PSI, Jensen-Shannon, Hellinger, L-infinity and chi-square on the
 * reference's deciles come exactly, and KS and Wasserstein within stated bounds.
 *
 * Per bin: the count (Uint32Array) and where the values lie in it, so that Wasserstein can be
 * bracketed tightly:
 * - in-range bins [L, R): the sum of ceil((x - L) / (R - L) · 2^16), an integer kept in a
 *   Float64Array (exact up to 2^53, that is for any count a Uint32 holds). The mean position is
 *   then known to 1/2^16 of the bin's width, and a sum of 0 says every value equals L exactly
 *   (ceil maps only L itself to 0): a point mass, which tightens the KS bound on ties.
 * - the open outer bins: the exact sums of e0 - x below the range and of x - em above it
 *   (ExactSum), from which their Wasserstein share is exact.
 * - values that are null, undefined or NaN: a missing count.
 *
 * Everything is an integer or an exact sum, so merge is exact, associative and commutative: a
 * merged sketch equals the one of a single pass over all values, bit for bit, in any order and
 * split. The encoding is canonical (equal sketches give equal bytes). Limits: 2^32 - 1 values per
 * bin and per missing count (add and merge refuse more).
 */
export class NumericBinSketch {
  readonly layout: NumericBinLayout;
  private readonly counts: Uint32Array;
  private readonly positions: Float64Array;
  private readonly below = new ExactSum();
  private readonly above = new ExactSum();
  private missingCount = 0;

  constructor(layout: NumericBinLayout) {
    this.layout = layout;
    this.counts = new Uint32Array(layout.binCount);
    this.positions = new Float64Array(layout.binCount);
  }

  /** A sketch of the values given (the reference's own sketch, or a batch). */
  static of(layout: NumericBinLayout, values: Iterable<number | null | undefined>): NumericBinSketch {
    const out = new NumericBinSketch(layout);
    for (const v of values) out.add(v);
    return out;
  }

  /** Counts a value: null, undefined and NaN as missing; ±Infinity is refused (events carry finite numbers). */
  add(value: number | null | undefined): void {
    if (value === null || value === undefined || value !== value) {
      this.addMissing();
      return;
    }
    const layout = this.layout;
    const edges = layout.edges;
    const last = edges.length - 1;
    const counts = this.counts;
    const first = edges[0] as number;
    if (value < first) {
      if (value === -Infinity) throw new RangeError('a numeric sketch counts finite values; -Infinity is neither a value nor missing');
      if (counts[0] === MAX_COUNT) throw overflow();
      counts[0] = (counts[0] as number) + 1;
      this.below.add(first - value);
      return;
    }
    const top = edges[last] as number;
    if (value > top) {
      if (value === Infinity) throw new RangeError('a numeric sketch counts finite values; Infinity is neither a value nor missing');
      const bin = counts.length - 1;
      if (counts[bin] === MAX_COUNT) throw overflow();
      counts[bin] = (counts[bin] as number) + 1;
      this.above.add(value - top);
      return;
    }
    const bin = layout.inRangeBin(value);
    if (counts[bin] === MAX_COUNT) throw overflow();
    counts[bin] = (counts[bin] as number) + 1;
    const offset = value - (edges[bin - 1] as number);
    if (offset > 0) {
      const q = Math.ceil(offset * (layout.inverseWidth[bin] as number) * POSITION_SCALE);
      // 1 at least (only the left edge itself has position 0), at most a whole width.
      this.positions[bin] = (this.positions[bin] as number) + (q < 1 ? 1 : q > POSITION_SCALE ? POSITION_SCALE : q);
    }
  }

  /** Counts values that are missing, or of the other kind (a category sent for a numeric feature). */
  addMissing(count = 1): void {
    if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}`);
    if (this.missingCount + count > MAX_COUNT) throw overflow();
    this.missingCount += count;
  }

  /** Values counted in bins (not missing). */
  get count(): number {
    let n = 0;
    for (const c of this.counts) n += c;
    return n;
  }

  get missing(): number {
    return this.missingCount;
  }

  /** The count of fine bin i. */
  binCount(i: number): number {
    return this.counts[i] ?? 0;
  }

  /** The fine bin counts: a copy. */
  binCounts(): number[] {
    return Array.from(this.counts);
  }

  /** The counts in the layout's coarse bins (today's reference profile bins, the deciles by default). */
  coarseCounts(): number[] {
    const out = new Array<number>(this.layout.coarseBinCount).fill(0);
    const coarseOf = this.layout.coarseOf;
    for (let i = 0; i < this.counts.length; i++) {
      const c = coarseOf[i] as number;
      out[c] = (out[c] as number) + (this.counts[i] as number);
    }
    return out;
  }

  /** Adds the other sketch's values into this one (the other is not changed). Both must share the layout. */
  merge(other: NumericBinSketch): this {
    if (!other.layout.equals(this.layout)) throw new DriftInputError('cannot merge numeric sketches counted in different layouts (their references differ)');
    if (this.missingCount + other.missingCount > MAX_COUNT) throw overflow();
    for (let i = 0; i < this.counts.length; i++) if ((this.counts[i] as number) + (other.counts[i] as number) > MAX_COUNT) throw overflow();
    for (let i = 0; i < this.counts.length; i++) {
      this.counts[i] = (this.counts[i] as number) + (other.counts[i] as number);
      this.positions[i] = (this.positions[i] as number) + (other.positions[i] as number);
    }
    this.below.addSum(other.below);
    this.above.addSum(other.above);
    this.missingCount += other.missingCount;
    return this;
  }

  copy(): NumericBinSketch {
    return new NumericBinSketch(this.layout).merge(this);
  }

  /** Same layout and the same counts, positions and sums. */
  equals(other: NumericBinSketch): boolean {
    if (!other.layout.equals(this.layout) || other.missingCount !== this.missingCount) return false;
    for (let i = 0; i < this.counts.length; i++) {
      if (other.counts[i] !== this.counts[i] || other.positions[i] !== this.positions[i]) return false;
    }
    return sameSum(this.below, other.below) && sameSum(this.above, other.above);
  }

  /**
   * The canonical binary form: header, layout fingerprint and bin count, missing, every bin count,
   * the position sum of each non-empty in-range bin, then the exact outer sums of non-empty outer
   * bins. All varints: about 1-2 bytes per bin count and 2-4 per position sum.
   */
  encode(): Uint8Array {
    const w = new ByteWriter(16 + 6 * this.counts.length);
    writeHeader(w, 'numeric-bins', FORMAT_VERSION);
    w.uint32(this.layout.fingerprint).varint(this.counts.length).varint(this.missingCount);
    const k = this.counts.length;
    for (let i = 0; i < k; i++) w.varint(this.counts[i] as number);
    for (let i = 1; i < k - 1; i++) if ((this.counts[i] as number) > 0) w.varint(this.positions[i] as number);
    if ((this.counts[0] as number) > 0) writeExactSum(w, this.below);
    if ((this.counts[k - 1] as number) > 0) writeExactSum(w, this.above);
    return w.finish();
  }

  /** Reads bytes written by `encode` for this layout; refuses anything else with a SketchDecodeError. */
  static decode(bytes: Uint8Array, layout: NumericBinLayout): NumericBinSketch {
    const r = new ByteReader(bytes, WHAT);
    readHeader(r, 'numeric-bins', [FORMAT_VERSION]);
    const fingerprint = r.uint32();
    if (fingerprint !== layout.fingerprint) {
      r.fail(`it was counted in another layout (fingerprint ${hex(fingerprint)}, this one ${hex(layout.fingerprint)}): decode it with the layout of the reference it was counted against`, 3);
    }
    const k = r.varint('the bin count');
    if (k !== layout.binCount) r.fail(`it has ${k} bins; the layout has ${layout.binCount}`);
    const out = new NumericBinSketch(layout);
    out.missingCount = r.varint('the missing count', MAX_COUNT);
    for (let i = 0; i < k; i++) out.counts[i] = r.varint('a bin count', MAX_COUNT);
    for (let i = 1; i < k - 1; i++) {
      const c = out.counts[i] as number;
      if (c === 0) continue;
      const at = r.offset;
      const p = r.varint('a position sum');
      const max = layout.inverseWidth[i] === 0 ? 0 : c * POSITION_SCALE;
      if (p > max) r.fail(`the position sum of bin ${i} is ${p}, more than its ${c} values can have (${max})`, at);
      out.positions[i] = p;
    }
    if ((out.counts[0] as number) > 0) readExactSum(r, out.below, 'the sum below the range');
    if ((out.counts[k - 1] as number) > 0) readExactSum(r, out.above, 'the sum above the range');
    r.end();
    return out;
  }

  /**
   * This sketch (first) and another of the same layout (second) as aligned bins, with each bin's
   * mean bounded from the position sums (to 1/2^16 of its width) and the exact outer sums.
   */
  alignWith(other: NumericBinSketch): AlignedBins {
    if (!other.layout.equals(this.layout)) throw new DriftInputError('cannot compare numeric sketches counted in different layouts');
    const edges = this.layout.edges;
    const k = this.counts.length;
    const lower = new Float64Array(k);
    const upper = new Float64Array(k);
    lower[0] = -Infinity;
    upper[k - 1] = Infinity;
    for (let i = 1; i < k - 1; i++) {
      lower[i] = edges[i - 1] as number;
      upper[i] = edges.length === 1 ? (edges[0] as number) : (edges[i] as number);
    }
    upper[0] = edges[0] as number;
    lower[k - 1] = edges[edges.length - 1] as number;
    return { lower, upper, first: this.side(lower, upper), second: other.side(lower, upper) };
  }

  private side(lower: Float64Array, upper: Float64Array): AlignedBins['first'] {
    const k = this.counts.length;
    const meanLow = new Float64Array(k);
    const meanHigh = new Float64Array(k);
    for (let i = 1; i < k - 1; i++) {
      const c = this.counts[i] as number;
      const l = lower[i] as number;
      const h = (upper[i] as number) - l;
      if (h === 0) {
        meanLow[i] = meanHigh[i] = l; // a zero-width bin [c, c]: a point mass
        continue;
      }
      if (c === 0) {
        meanLow[i] = l;
        meanHigh[i] = l + h;
        continue;
      }
      // ceil rounds each position up by less than one quantum, so the true mean is below the
      // estimate by less than 1/2^16 of the width; the slack covers the rounding of (x - L) / h.
      const p = this.positions[i] as number;
      if (p === 0) {
        meanLow[i] = meanHigh[i] = l;
        continue;
      }
      const slack = h * 2 ** -40;
      meanHigh[i] = Math.min(l + h, l + (h * p) / (c * POSITION_SCALE) + slack);
      meanLow[i] = Math.max(l, l + (h * (p - c)) / (c * POSITION_SCALE) - slack);
    }
    outerMean(this.counts[0] as number, this.below, upper[0] as number, -1, 0, meanLow, meanHigh);
    outerMean(this.counts[k - 1] as number, this.above, lower[k - 1] as number, 1, k - 1, meanLow, meanHigh);
    return { counts: this.counts, meanLow, meanHigh };
  }
}

/** The mean of the values in an outer bin from the exact sum of their distances to the range, widened by a few rounding errors. */
function outerMean(c: number, sum: ExactSum, edge: number, sign: 1 | -1, i: number, low: Float64Array, high: Float64Array): void {
  if (c === 0) {
    low[i] = high[i] = edge;
    return;
  }
  const distance = sum.value / c;
  const slack = 4 * Number.EPSILON * (Math.abs(edge) + distance);
  const mean = edge + sign * distance;
  low[i] = sign < 0 ? mean - slack : Math.max(edge, mean - slack);
  high[i] = sign < 0 ? Math.min(edge, mean + slack) : mean + slack;
}

function writeExactSum(w: ByteWriter, sum: ExactSum): void {
  const json = sum.toJSON();
  // [lowest chunk index, sign, chunks...]; these sums are positive, so the sign is not written.
  w.varint(json[0] as number).varint(json.length - 2);
  for (let i = 2; i < json.length; i++) w.uint32(json[i] as number);
}

function readExactSum(r: ByteReader, into: ExactSum, what: string): void {
  const at = r.offset;
  const base = r.varint(`the chunk index of ${what}`, 70);
  const n = r.varint(`the chunk count of ${what}`, 70);
  if (n === 0) r.fail(`${what} is 0 although its bin holds values`, at);
  const chunks: number[] = [];
  for (let i = 0; i < n; i++) chunks.push(r.uint32());
  let parsed: ExactSum;
  try {
    parsed = ExactSum.fromJSON([base, 1, ...chunks], what);
  } catch (error) {
    r.fail((error as Error).message, at);
  }
  into.addSum(parsed);
}

function sameSum(a: ExactSum, b: ExactSum): boolean {
  const x = a.toJSON();
  const y = b.toJSON();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

function overflow(): RangeError {
  return new RangeError('a numeric sketch holds at most 2^32 - 1 values per bin; split the window');
}

function hex(v: number): string {
  return v.toString(16).padStart(8, '0');
}
