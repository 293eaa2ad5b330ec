// Costs of the window-state sketches (packages/core/src/monitoring/sketch): add() per value,
// merge per series-window, encode and decode, scoring, encoded bytes and heap per feature, next to
// today's state for one numeric feature (decile bin + bottom-k sample of 500).
// A measurement script, not a test: numbers depend on the machine and its load (printed).
//
//   node --expose-gc --import tsx packages/cli/src/bench/sketch-costs.ts
import { cpus, loadavg } from 'node:os';
import { countNumeric, fitCategoricalProfile, fitNumericProfile, ksTwoSample, numericBinIndex, seededRandom, wassersteinDistance } from '@modelwatch/core';
import {
  binnedScores, BottomKSample, CategoricalSketch, CategoryLayout, ksBounds, LogBucketSketch, NumericBinLayout, NumericBinSketch, wassersteinBounds,
} from '@modelwatch/core';

const random = seededRandom(1);
const normal = (): number => Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
const FEATURES = 20;

/** Median over rounds of the time per operation, in ns. */
function time(label: string, operations: number, run: () => void, rounds = 7): number {
  run(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = process.hrtime.bigint();
    run();
    samples.push(Number(process.hrtime.bigint() - start) / operations);
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(rounds / 2)] as number;
  console.log(`${label.padEnd(64)} ${format(median).padStart(10)}   (spread ${format(samples[0] as number)} - ${format(samples[rounds - 1] as number)})`);
  return median;
}
const format = (ns: number): string => (ns < 1000 ? `${ns.toFixed(1)} ns` : ns < 1e6 ? `${(ns / 1000).toFixed(2)} µs` : `${(ns / 1e6).toFixed(2)} ms`);

/** Heap bytes per object (V8 heap plus array buffers), over `n` of them kept alive; NaN without --expose-gc. */
function heapPer(n: number, make: () => unknown): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) return Number.NaN;
  const keep: unknown[] = new Array(n);
  gc();
  gc();
  const before = process.memoryUsage();
  for (let i = 0; i < n; i++) keep[i] = make();
  gc();
  gc();
  const after = process.memoryUsage();
  if (keep.length !== n) throw new Error('unreachable');
  return (after.heapUsed - before.heapUsed + after.arrayBuffers - before.arrayBuffers) / n;
}

// Heap first, before the timing loops leave garbage behind.
const heapLines: string[] = [];
{
  const r = seededRandom(2);
  const draw = (n: number) => Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(1 - r.next())) * Math.cos(2 * Math.PI * r.next()));
  const heapLayout = NumericBinLayout.fit(draw(5000));
  const full = NumericBinSketch.of(heapLayout, draw(2000));
  heapLines.push(`NumericBinSketch, 80 bins, 2000 events: ${heapPer(50_000, () => full.copy()).toFixed(0)} B`);
  const fullLog = LogBucketSketch.of(draw(2000));
  heapLines.push(`LogBucketSketch, 2000 events: ${heapPer(20_000, () => fullLog.copy()).toFixed(0)} B`);
  const cats = Array.from({ length: 50 }, (_, i) => `c${i}`);
  const catLayout = new CategoryLayout(cats);
  const fullCategories = CategoricalSketch.of(catLayout, Array.from({ length: 2000 }, () => (r.next() < 0.02 ? `x${r.nextInt(20)}` : (cats[r.nextInt(50)] as string))));
  heapLines.push(`CategoricalSketch, 50 categories (2% others), 2000 events: ${heapPer(50_000, () => fullCategories.copy()).toFixed(0)} B`);
  const noOthers = CategoricalSketch.of(catLayout, Array.from({ length: 2000 }, () => cats[r.nextInt(50)] as string));
  heapLines.push(`CategoricalSketch, 50 categories, no other value, 2000 events: ${heapPer(50_000, () => noOthers.copy()).toFixed(0)} B`);
  const fullSample = new BottomKSample(500);
  draw(2000).forEach((v) => fullSample.add(v, Math.floor(r.next() * 2 ** 32)));
  heapLines.push(`today: BottomKSample(500), 2000 events: ${heapPer(20_000, () => fullSample.copy()).toFixed(0)} B`);
}
console.log(`node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);

const reference = Array.from({ length: 5000 }, normal);
const layout = NumericBinLayout.fit(reference);
const refSketch = NumericBinSketch.of(layout, reference);
const profile = fitNumericProfile(reference);
const values = Float64Array.from({ length: 1_000_000 }, () => normal() + 0.2);

console.log('\nadd() per value');
time('NumericBinSketch.add (80 fine bins: binary search, position sum)', values.length, () => {
  const s = new NumericBinSketch(layout);
  for (let i = 0; i < values.length; i++) s.add(values[i]);
});
time('LogBucketSketch.add (1% relative accuracy: a log and a store)', values.length, () => {
  const s = new LogBucketSketch();
  for (let i = 0; i < values.length; i++) s.add(values[i]);
});
const categoryProfile = fitCategoricalProfile(Array.from({ length: 5000 }, () => `c${Math.floor(50 * random.next() ** 2)}`), { maxCategories: 50 });
const categoryLayout = CategoryLayout.of(categoryProfile);
const categories = Array.from({ length: 1_000_000 }, () => `c${Math.floor(52 * random.next() ** 2)}`);
time('CategoricalSketch.add (50 categories, 2% other values)', categories.length, () => {
  const s = new CategoricalSketch(categoryLayout);
  for (const c of categories) s.add(c);
});
time("today: decile bin + BottomKSample(500).add (one numeric feature)", values.length, () => {
  const counts = new Array<number>(12).fill(0);
  const sample = new BottomKSample(500);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    const bin = numericBinIndex(profile.edges, v);
    counts[bin] = (counts[bin] as number) + 1;
    sample.add(v, Math.floor((i * 2654435761) % 4294967296));
  }
});

console.log(`\nmerge per series-window (${FEATURES} numeric features; 300-event windows)`);
const windowValues = (n: number) => Array.from({ length: n }, () => normal() + 0.2);
const deltas = Array.from({ length: 6 }, () => Array.from({ length: FEATURES }, () => NumericBinSketch.of(layout, windowValues(300))));
const perWindow = time(`NumericBinSketch: merge two windows of ${FEATURES} features`, 600, () => {
  for (let k = 0; k < 100; k++) for (let j = 0; j < 6; j++) for (const [f, s] of (deltas[j] as NumericBinSketch[]).entries()) (deltas[(j + 1) % 6] as NumericBinSketch[])[f]?.copy().merge(s);
});
console.log(`${'  = per feature'.padEnd(64)} ${format(perWindow / FEATURES).padStart(10)}`);
const logDeltas = Array.from({ length: 2 }, () => Array.from({ length: FEATURES }, () => LogBucketSketch.of(windowValues(300))));
time(`LogBucketSketch: merge two windows of ${FEATURES} features`, 100, () => {
  for (let k = 0; k < 100; k++) for (let f = 0; f < FEATURES; f++) logDeltas[0]?.[f]?.copy().merge(logDeltas[1]?.[f] as LogBucketSketch);
});
const samples = Array.from({ length: 2 }, () =>
  Array.from({ length: FEATURES }, () => {
    const s = new BottomKSample(500);
    for (const v of windowValues(300)) s.add(v, Math.floor(random.next() * 2 ** 32));
    return s;
  }),
);
time(`today: BottomKSample.merge of two windows of ${FEATURES} features`, 100, () => {
  for (let k = 0; k < 100; k++) for (let f = 0; f < FEATURES; f++) BottomKSample.merge(samples[0]?.[f] as BottomKSample, samples[1]?.[f] as BottomKSample);
});

console.log('\nencode / decode per feature (a 300-event window)');
const one = NumericBinSketch.of(layout, windowValues(300));
const bytes = one.encode();
time('NumericBinSketch.encode', 10_000, () => {
  for (let k = 0; k < 10_000; k++) one.encode();
});
time('NumericBinSketch.decode', 10_000, () => {
  for (let k = 0; k < 10_000; k++) NumericBinSketch.decode(bytes, layout);
});
const oneSample = samples[0]?.[0] as BottomKSample;
time("today: JSON.stringify + parse + fromJSON of the feature's bottom-k sample", 10_000, () => {
  for (let k = 0; k < 10_000; k++) BottomKSample.fromJSON(JSON.parse(JSON.stringify(oneSample.toJSON())));
});

console.log('\nscoring one feature (a 2000-event window against a 5000-value reference)');
const window2000 = windowValues(2000);
const score = (label: string, window: NumericBinSketch) =>
  time(label, 10_000, () => {
    for (let k = 0; k < 10_000; k++) {
      const aligned = refSketch.alignWith(window);
      const ks = ksBounds(aligned);
      if (ks.pValue >= 0.05) void ks.pValueLow;
      wassersteinBounds(aligned);
      binnedScores(refSketch.coarseCounts(), window.coarseCounts());
    }
  });
score('ksBounds + wassersteinBounds + binnedScores, no drift', NumericBinSketch.of(layout, Array.from({ length: 2000 }, normal)));
score('the same, a drift of 0.2 sd (p 1e-10: Smirnov tail sums, O(n))', NumericBinSketch.of(layout, window2000));
const refSample = reference.slice(0, 500);
const winSample = window2000.slice(0, 500);
time("today: ksTwoSample + wassersteinDistance on 500 vs 500 + deciles' scores", 200, () => {
  for (let k = 0; k < 200; k++) {
    ksTwoSample(refSample, winSample);
    wassersteinDistance(refSample, winSample);
    binnedScores(profile.referenceCounts, countNumeric(profile, winSample).counts);
  }
});

console.log('\nheap per feature-window (kept alive; needs --expose-gc)');
for (const line of heapLines) console.log(line);

console.log('\nencoded bytes per feature-window, by events in the window');
console.log('events | NumericBinSketch (80 bins) | LogBucketSketch (1%) | CategoricalSketch (50 categories) | today: bottom-k sample JSON (500)');
for (const n of [0, 1, 30, 300, 2000, 20000]) {
  const nv = windowValues(n);
  const s = new BottomKSample(500);
  nv.forEach((v) => s.add(v, Math.floor(random.next() * 2 ** 32)));
  console.log(
    [n, NumericBinSketch.of(layout, nv).encode().length, LogBucketSketch.of(nv).encode().length, CategoricalSketch.of(categoryLayout, categories.slice(0, n)).encode().length, JSON.stringify(s.toJSON()).length].join(' | '),
  );
}

