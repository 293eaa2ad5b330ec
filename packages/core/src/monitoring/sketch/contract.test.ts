import { describe, expect, it } from 'vitest';
import { seededRandom, type SeededRandom } from '../../drift/seeded-random.ts';
import { CategoricalSketch } from './categorical-sketch.ts';
import { CategoryLayout } from './category-layout.ts';
import { LogBucketSketch } from './log-bucket-sketch.ts';
import { NumericBinLayout } from './numeric-bin-layout.ts';
import { NumericBinSketch } from './numeric-bin-sketch.ts';

/**
 * What every window-state part promises, checked on seeded random streams (edge values, ties,
 * missing values, collapsing and truncation included): streaming equals batch bit for bit (the
 * merge of any split, in any order and grouping, equals one pass), merge is commutative and
 * associative and leaves its argument alone, decode(encode(x)) equals x and re-encodes to the same
 * bytes, and the encoding depends only on the values counted, not on their order.
 * A new part gets a harness here.
 */
interface Part<S, V> {
  readonly name: string;
  empty(): S;
  add(sketch: S, value: V): void;
  values(random: SeededRandom, n: number): V[];
  merge(into: S, other: S): S;
  copy(sketch: S): S;
  encode(sketch: S): Uint8Array;
  decode(bytes: Uint8Array): S;
  equals(a: S, b: S): boolean;
}

const random = seededRandom(20240611);
const normal = (r: SeededRandom): number => Math.sqrt(-2 * Math.log(1 - r.next())) * Math.cos(2 * Math.PI * r.next());
const referenceValues = Array.from({ length: 3000 }, (_, i) => (i % 3 === 0 ? Math.round(4 * normal(random)) : normal(random)));
const layout = NumericBinLayout.fit(referenceValues);
const edges = [...layout.edges];

function numericValue(r: SeededRandom): number | null | undefined {
  const u = r.next();
  if (u < 0.05) return [null, undefined, Number.NaN][r.nextInt(3)];
  if (u < 0.15) return edges[r.nextInt(edges.length)] as number; // exactly on an edge
  if (u < 0.2) return [0, -0, 1e-300, -1e-300, 1e300, -1e300, 5e-324][r.nextInt(7)] as number;
  if (u < 0.35) return Math.round(3 * normal(r)); // ties
  if (u < 0.45) return 10 * normal(r); // often out of range
  return normal(r);
}

const categories = ['red', 'green', 'blue', '', 'ünï'];
function categoricalValue(r: SeededRandom): string | null | undefined {
  const u = r.next();
  if (u < 0.05) return r.next() < 0.5 ? null : undefined;
  if (u < 0.6) return categories[r.nextInt(categories.length)] as string;
  if (u < 0.62) return 'x'.repeat(1025); // too long to keep
  if (u < 0.64) return '\ud800 lone surrogate';
  return `other-${r.nextInt(40)}`;
}

function numericPart<S extends { add(v: number | null | undefined): void; merge(o: S): S; copy(): S; encode(): Uint8Array; equals(o: S): boolean }>(
  name: string,
  empty: () => S,
  decode: (bytes: Uint8Array) => S,
): Part<S, number | null | undefined> {
  return {
    name,
    empty,
    add: (s, v) => s.add(v),
    values: (r, n) => Array.from({ length: n }, () => numericValue(r)),
    merge: (a, b) => a.merge(b),
    copy: (s) => s.copy(),
    encode: (s) => s.encode(),
    decode,
    equals: (a, b) => a.equals(b),
  };
}

function categoricalPart(name: string, categoryLayout: CategoryLayout, otherCapacity: number): Part<CategoricalSketch, string | null | undefined> {
  return {
    name,
    empty: () => new CategoricalSketch(categoryLayout, { otherCapacity }),
    add: (s, v) => s.add(v),
    values: (r, n) => Array.from({ length: n }, () => categoricalValue(r)),
    merge: (a, b) => a.merge(b),
    copy: (s) => s.copy(),
    encode: (s) => s.encode(),
    decode: (bytes) => CategoricalSketch.decode(bytes, categoryLayout),
    equals: (a, b) => a.equals(b),
  };
}

const PARTS: Part<any, any>[] = [
  numericPart('NumericBinSketch', () => new NumericBinSketch(layout), (b) => NumericBinSketch.decode(b, layout)),
  numericPart('LogBucketSketch', () => new LogBucketSketch(), (b) => LogBucketSketch.decode(b)),
  numericPart('LogBucketSketch (collapsing, 8 buckets)', () => new LogBucketSketch({ maxBuckets: 8, relativeAccuracy: 0.05 }), (b) => LogBucketSketch.decode(b)),
  categoricalPart('CategoricalSketch', new CategoryLayout(categories), 16),
  categoricalPart('CategoricalSketch (no reference, truncating)', CategoryLayout.EMPTY, 8),
  categoricalPart('CategoricalSketch (no kept values)', new CategoryLayout(categories), 0),
];

function sketchOf<S, V>(part: Part<S, V>, values: readonly V[]): S {
  const s = part.empty();
  for (const v of values) part.add(s, v);
  return s;
}

function shuffled<T>(r: SeededRandom, values: readonly T[]): T[] {
  const out = [...values];
  for (let i = out.length - 1; i > 0; i--) {
    const j = r.nextInt(i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe.each(PARTS.map((p) => [p.name, p] as const))('part %s', (_, part) => {
  it('merged equals one pass, bit for bit, for any split merged in any order and grouping', () => {
    const r = seededRandom(7);
    for (let trial = 0; trial < 40; trial++) {
      const values = part.values(r, 1 + r.nextInt(trial < 5 ? 5 : 600));
      const whole = sketchOf(part, values);
      // Split into 1-8 parts at random, each value to a random part.
      const k = 1 + r.nextInt(8);
      const groups: (typeof values)[] = Array.from({ length: k }, () => []);
      for (const v of values) groups[r.nextInt(k)]?.push(v);
      let pieces = shuffled(r, groups.map((g) => sketchOf(part, g)));
      // A random merge tree.
      while (pieces.length > 1) {
        const i = r.nextInt(pieces.length - 1);
        const merged = part.merge(part.copy(pieces[i]), pieces[i + 1]);
        pieces = [...pieces.slice(0, i), merged, ...pieces.slice(i + 2)];
      }
      const merged = pieces[0];
      expect(part.equals(merged, whole), `trial ${trial}: merged equals one pass`).toBe(true);
      expect(part.encode(merged), `trial ${trial}: same bytes`).toEqual(part.encode(whole));
    }
  });

  it('merge is commutative and associative and leaves its argument unchanged', () => {
    const r = seededRandom(8);
    for (let trial = 0; trial < 20; trial++) {
      const [a, b, c] = [0, 1, 2].map(() => sketchOf(part, part.values(r, r.nextInt(300))));
      const bBytes = part.encode(b);
      const ab = part.merge(part.copy(a), b);
      expect(part.encode(b), 'the argument is unchanged').toEqual(bBytes);
      expect(part.encode(ab)).toEqual(part.encode(part.merge(part.copy(b), a)));
      const left = part.merge(part.merge(part.copy(a), b), c);
      const right = part.merge(part.copy(a), part.merge(part.copy(b), c));
      expect(part.encode(left)).toEqual(part.encode(right));
      expect(part.equals(part.merge(part.copy(a), part.empty()), a), 'the empty sketch is neutral').toBe(true);
    }
  });

  it('decodes what it encodes: decode(encode(x)) equals x and encodes to the same bytes', () => {
    const r = seededRandom(9);
    for (let trial = 0; trial < 30; trial++) {
      const s = sketchOf(part, part.values(r, trial === 0 ? 0 : r.nextInt(1000)));
      const bytes = part.encode(s);
      const back = part.decode(bytes);
      expect(part.equals(back, s)).toBe(true);
      expect(part.encode(back)).toEqual(bytes);
      // A decoded sketch keeps counting like the original.
      const more = part.values(r, 50);
      const s2 = part.copy(s);
      for (const v of more) {
        part.add(back, v);
        part.add(s2, v);
      }
      expect(part.encode(back)).toEqual(part.encode(s2));
    }
  });

  it('encodes deterministically: the bytes depend on the values counted, not their order', () => {
    const r = seededRandom(10);
    for (let trial = 0; trial < 10; trial++) {
      const values = part.values(r, r.nextInt(800));
      const bytes = part.encode(sketchOf(part, values));
      expect(part.encode(sketchOf(part, shuffled(r, values)))).toEqual(bytes);
      expect(part.encode(sketchOf(part, values))).toEqual(bytes);
    }
  });

  it('refuses truncated and altered bytes with a SketchDecodeError', () => {
    const r = seededRandom(11);
    const bytes = part.encode(sketchOf(part, part.values(r, 400)));
    for (let cut = 0; cut < bytes.length; cut++) {
      expect(() => part.decode(bytes.slice(0, cut)), `cut at ${cut}`).toThrow(/cannot decode/);
    }
    expect(() => part.decode(Uint8Array.from([...bytes, 0]))).toThrow(/follow the last field/);
    // Any single changed byte either fails to decode or decodes to a valid, different sketch that re-encodes to itself.
    for (let trial = 0; trial < 300; trial++) {
      const altered = bytes.slice();
      const at = r.nextInt(altered.length);
      altered[at] = ((altered[at] as number) + 1 + r.nextInt(255)) & 0xff;
      let decoded: unknown;
      try {
        decoded = part.decode(altered);
      } catch (error) {
        expect((error as Error).name, String(error)).toBe('SketchDecodeError');
        continue;
      }
      expect(part.encode(decoded)).toEqual(altered);
    }
  });
});
