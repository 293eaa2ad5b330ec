import type { NumericBinProfile } from '../../drift/bin-profile.ts';
import { DriftInputError } from '../../drift/drift-input-error.ts';
import { quantileSorted } from '../../drift/quantile.ts';
import { LayoutFingerprint } from './layout-fingerprint.ts';

export interface NumericBinLayoutOptions {
  /** Fine quantile bins inside the reference range (default 80): edges at the reference quantiles i/bins. */
  readonly bins?: number;
  /**
   * Coarse bins whose edges are always among the fine ones (default 10: the deciles of today's
   * reference profiles, so PSI, Jensen-Shannon, Hellinger, L-infinity and chi-square on them are
   * exactly those of `fitNumericProfile(values, { bins: coarseBins })`).
   */
  readonly coarseBins?: number;
}

/** A layout as plain JSON, to store beside the reference profile it was fitted on. */
export interface NumericBinLayoutJSON {
  readonly version: 1;
  /** Distinct, finite, strictly increasing. */
  readonly edges: readonly number[];
  /** Positions in `edges` of the coarse edges, increasing; the first is 0 and the last edges.length - 1. */
  readonly coarseEdges: readonly number[];
}

/** Most edges a layout may have: bin indices fit a Uint16Array, and a layout stays small. */
export const MAX_LAYOUT_EDGES = 4096;
/** Guide cells per fine bin: enough that a cell holds a few edges even where bins are narrowest. */
const GUIDE_CELLS_PER_BIN = 4;

/**
 * The fine bins of one numeric feature, fitted once on its reference. With edges e0 < ... < em the
 * bins are, as in drift/bin-profile.ts:
 *
 *   (-inf, e0), [e0, e1), ..., [e(m-1), em], (em, +inf)
 *
 * that is m + 2 bins (3 for a single edge c: (-inf, c), [c, c], (c, +inf)); the first and last
 * catch values below and above the reference range. The edges are the union of the reference
 * quantiles at i/bins and at i/coarseBins (NumPy's linear method, duplicates removed), so every
 * coarse bin is a union of consecutive fine bins and the coarse counts are sums of fine counts.
 *
 * Bins stay scale- and offset-free (they follow the reference's quantiles, wherever they lie), and
 * every reference fine bin holds about 1/bins of the reference: the width of the KS bound.
 */
export class NumericBinLayout {
  readonly edges: Float64Array;
  /** Positions in `edges` of the coarse edges. */
  readonly coarseEdgeIndices: Uint16Array;
  /** Fine bins, outer ones included: max(edges.length - 1, 1) + 2. */
  readonly binCount: number;
  /** Coarse bins, outer ones included. */
  readonly coarseBinCount: number;
  /** The coarse bin of every fine bin. */
  readonly coarseOf: Uint16Array;
  /** Per fine bin, 1 / width for the in-range bins (0 for a zero-width bin and the outer bins). */
  readonly inverseWidth: Float64Array;
  /** Stored in every encoded sketch of this layout. */
  readonly fingerprint: number;
  /**
   * A guide table over [e0, em] (Chen and Asau): GUIDE_CELLS_PER_BIN cells per bin of equal width;
   * guide[g] is the number of edges at or below the start of cell g - 1, so the bin of a value in
   * cell g is found by a binary search between guide[g] and guide[g + 3] (a few edges), not over
   * all of them. Empty when the range is too narrow against its distance from 0 for cells to be
   * computed safely; then binOf searches every edge.
   */
  private readonly guide: Uint16Array;
  private readonly guideScale: number;

  private constructor(edges: Float64Array, coarseEdgeIndices: Uint16Array) {
    // -0 becomes 0, as JSON would make it, so a layout and its JSON round trip share a fingerprint.
    this.edges = edges.map((e) => e + 0);
    this.coarseEdgeIndices = coarseEdgeIndices;
    const inRange = Math.max(edges.length - 1, 1);
    this.binCount = inRange + 2;
    this.coarseBinCount = Math.max(coarseEdgeIndices.length - 1, 1) + 2;
    this.coarseOf = new Uint16Array(this.binCount);
    this.inverseWidth = new Float64Array(this.binCount);
    let coarse = 1;
    for (let bin = 1; bin <= inRange; bin++) {
      // Fine bin `bin` starts at edges[bin - 1]; it lies in the coarse bin that starts at the last coarse edge at or below it.
      while (coarse < coarseEdgeIndices.length - 1 && (coarseEdgeIndices[coarse] as number) <= bin - 1) coarse++;
      this.coarseOf[bin] = coarse;
      const width = edges.length === 1 ? 0 : (edges[bin] as number) - (edges[bin - 1] as number);
      this.inverseWidth[bin] = width > 0 ? 1 / width : 0;
    }
    this.coarseOf[this.binCount - 1] = this.coarseBinCount - 1;
    const first = this.edges[0] as number;
    const span = (this.edges[this.edges.length - 1] as number) - first;
    const cells = GUIDE_CELLS_PER_BIN * (this.edges.length - 1);
    const scale = cells / span;
    if (this.edges.length > 1 && Number.isFinite(scale) && span / cells > 1e-9 * Math.max(Math.abs(first), Math.abs(first + span))) {
      this.guideScale = scale;
      this.guide = new Uint16Array(cells + 4);
      let count = 1;
      for (let g = 0; g < this.guide.length; g++) {
        const start = first + (g - 1) / scale;
        while (count < this.edges.length && (this.edges[count] as number) <= start) count++;
        this.guide[g] = count;
      }
      this.guide[this.guide.length - 1] = this.edges.length;
    } else {
      this.guideScale = 0;
      this.guide = new Uint16Array(0);
    }
    const fp = new LayoutFingerprint('numeric-bin-layout/1').uint32(edges.length);
    for (const e of edges) fp.float64(e);
    fp.uint32(coarseEdgeIndices.length);
    for (const i of coarseEdgeIndices) fp.uint32(i);
    this.fingerprint = fp.value;
  }

  /**
   * Fits the layout on a reference. Missing values (null, undefined, NaN) are skipped; an infinite
   * value is refused (an edge would be infinite). Cost: one sort, O(n log n).
   */
  static fit(reference: Iterable<number | null | undefined>, options: NumericBinLayoutOptions = {}): NumericBinLayout {
    const { bins = 80, coarseBins = 10 } = options;
    for (const [name, v] of [['bins', bins], ['coarseBins', coarseBins]] as const) {
      if (!Number.isSafeInteger(v) || v < 1 || v >= MAX_LAYOUT_EDGES) throw new DriftInputError(`${name} must be an integer in [1, ${MAX_LAYOUT_EDGES}), got ${v}`);
    }
    const values: number[] = [];
    for (const v of reference) {
      if (v === null || v === undefined || Number.isNaN(v)) continue;
      if (!Number.isFinite(v)) throw new DriftInputError(`the reference holds ${v}; bin edges must be finite (drop or clip infinite values first)`);
      values.push(v);
    }
    if (values.length === 0) throw new DriftInputError('the reference has no values to fit bins on');
    const sorted = Float64Array.from(values).sort();
    // Exactly fitNumericProfile's edges for the coarse bins: quantiles at i / coarseBins, deduplicated.
    const coarse = quantileEdges(sorted, coarseBins);
    const fine = quantileEdges(sorted, bins);
    const edges = Float64Array.from(new Set([...coarse, ...fine])).sort();
    const position = new Map<number, number>();
    edges.forEach((e, i) => position.set(e, i));
    if (edges.length > MAX_LAYOUT_EDGES) throw new DriftInputError(`the layout would have ${edges.length} edges; at most ${MAX_LAYOUT_EDGES}`);
    return new NumericBinLayout(edges, Uint16Array.from(coarse, (e) => position.get(e) as number));
  }

  /** Checks a stored layout and builds it. Throws a DriftInputError naming every problem. */
  static fromJSON(json: unknown): NumericBinLayout {
    const problems: string[] = [];
    if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new DriftInputError('a numeric bin layout must be an object');
    const j = json as Record<string, unknown>;
    if (j['version'] !== 1) problems.push(`version must be 1, not ${JSON.stringify(j['version'])}`);
    const edges = j['edges'];
    const coarse = j['coarseEdges'];
    if (!Array.isArray(edges) || edges.length === 0 || edges.length > MAX_LAYOUT_EDGES) {
      problems.push(`edges must be an array of 1 to ${MAX_LAYOUT_EDGES} numbers`);
    } else {
      edges.forEach((e, i) => {
        if (typeof e !== 'number' || !Number.isFinite(e)) problems.push(`edges[${i}] must be a finite number`);
        else if (i > 0 && !(e > (edges[i - 1] as number))) problems.push(`edges must increase strictly; edges[${i}] = ${e} is not above edges[${i - 1}]`);
      });
    }
    if (!Array.isArray(coarse) || coarse.length === 0) {
      problems.push('coarseEdges must be a non-empty array of positions in edges');
    } else if (Array.isArray(edges)) {
      coarse.forEach((c, i) => {
        if (!Number.isSafeInteger(c) || (c as number) < 0 || (c as number) >= edges.length) problems.push(`coarseEdges[${i}] must be a position in edges`);
        else if (i > 0 && !((c as number) > (coarse[i - 1] as number))) problems.push('coarseEdges must increase strictly');
      });
      if (coarse[0] !== 0 || coarse[coarse.length - 1] !== edges.length - 1) problems.push('coarseEdges must start at the first edge and end at the last');
    }
    if (problems.length > 0) throw new DriftInputError(`invalid numeric bin layout: ${problems.join('; ')}`);
    return new NumericBinLayout(Float64Array.from(edges as number[]), Uint16Array.from(coarse as number[]));
  }

  toJSON(): NumericBinLayoutJSON {
    return { version: 1, edges: [...this.edges], coarseEdges: [...this.coarseEdgeIndices] };
  }

  /** The coarse edges: those of today's reference profile (`NumericBinProfile.edges`). */
  coarseEdges(): number[] {
    return Array.from(this.coarseEdgeIndices, (i) => this.edges[i] as number);
  }

  /** The coarse profile of a reference counted in this layout (its coarse counts and missing values). */
  coarseProfile(referenceCoarseCounts: readonly number[], referenceMissing: number): NumericBinProfile {
    if (referenceCoarseCounts.length !== this.coarseBinCount) throw new DriftInputError(`the layout has ${this.coarseBinCount} coarse bins, not ${referenceCoarseCounts.length}`);
    return { kind: 'numeric', version: 1, edges: this.coarseEdges(), referenceCounts: [...referenceCoarseCounts], referenceMissing };
  }

  /**
   * The fine bin of a finite value: 0 below e0, binCount - 1 above em, else the in-range bin
   * [e(i-1), e(i)) that holds it (the last in-range bin holds em). Same rule as numericBinIndex.
   */
  binOf(value: number): number {
    const edges = this.edges;
    if (value < (edges[0] as number)) return 0;
    if (value > (edges[edges.length - 1] as number)) return this.binCount - 1;
    return this.inRangeBin(value);
  }

  /** binOf for a value known to lie within [e0, em]. */
  inRangeBin(value: number): number {
    const edges = this.edges;
    const guide = this.guide;
    let lo: number;
    let hi: number;
    if (guide.length > 0) {
      // The value's cell, clamped; guide[g] edges are at or below the previous cell's start.
      let g = Math.floor((value - (edges[0] as number)) * this.guideScale);
      if (g > guide.length - 4) g = guide.length - 4;
      lo = guide[g] as number;
      hi = guide[g + 3] as number;
    } else {
      lo = 1;
      hi = edges.length;
    }
    // The number of edges <= value (at least 1 here), in [lo, hi].
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((edges[mid] as number) <= value) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.binCount - 2 ? lo : this.binCount - 2;
  }

  /** True when both layouts have the same edges and coarse edges. */
  equals(other: NumericBinLayout): boolean {
    if (other === this) return true;
    if (other.fingerprint !== this.fingerprint || other.edges.length !== this.edges.length || other.coarseEdgeIndices.length !== this.coarseEdgeIndices.length) return false;
    for (let i = 0; i < this.edges.length; i++) if (!Object.is(other.edges[i], this.edges[i])) return false;
    for (let i = 0; i < this.coarseEdgeIndices.length; i++) if (other.coarseEdgeIndices[i] !== this.coarseEdgeIndices[i]) return false;
    return true;
  }
}

function quantileEdges(sorted: Float64Array, bins: number): number[] {
  const edges: number[] = [];
  for (let i = 0; i <= bins; i++) {
    // i / bins, not i * (1 / bins): the level NumPy gets from [i / bins for i in range(bins + 1)].
    const edge = quantileSorted(sorted, i / bins);
    if (edges.length === 0 || edge > (edges[edges.length - 1] as number)) edges.push(edge);
  }
  return edges;
}
