// How close the window-state sketches (packages/core/src/monitoring/sketch) come to the exact KS
// and Wasserstein statistics, and whether they take the same decisions, against today's 500-value
// samples. The exact values are ksTwoSample and wassersteinDistance on the raw values, which equal
// SciPy's (test/golden/drift); test/golden/sketch holds SciPy's own values for a subset.
//
//   npx tsx packages/cli/src/bench/sketch-accuracy.ts [trials per case, default 40]
import {
  BottomKSample, fitReferenceProfile, ksBounds, ksDecision, ksTwoSample, LogBucketSketch, NumericBinLayout, NumericBinSketch, seededRandom, wassersteinBounds, wassersteinDistance, type SeededRandom,
} from '@modelwatch/core';

const TRIALS = Number(process.argv[2] ?? 40);
const REFERENCE_SIZE = 5000;
const SIZES = [200, 2000];
const ALPHA = 0.05;

const normal = (r: SeededRandom): number => Math.sqrt(-2 * Math.log(1 - r.next())) * Math.cos(2 * Math.PI * r.next());
function poisson(r: SeededRandom, lambda: number): number {
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = r.next();
  while (p > limit) {
    k++;
    p *= r.next();
  }
  return k;
}
/** Each family: a draw with a drift parameter, and the parameters for no drift, near the KS threshold (by size), clear drift. */
const FAMILIES: Record<string, { draw: (r: SeededRandom, p: number) => number; none: number; near: Record<number, number>; clear: number }> = {
  normal: { draw: (r, s) => normal(r) + s, none: 0, near: { 200: 0.25, 2000: 0.08 }, clear: 0.5 },
  lognormal: { draw: (r, s) => Math.exp(normal(r) + s), none: 0, near: { 200: 0.25, 2000: 0.08 }, clear: 0.5 },
  bimodal: { draw: (r, w) => (r.next() < w ? 2 : -2) + 0.5 * normal(r), none: 0.5, near: { 200: 0.6, 2000: 0.535 }, clear: 0.65 },
  integers: { draw: (r, l) => poisson(r, l), none: 3, near: { 200: 3.45, 2000: 3.15 }, clear: 4 },
  offset: { draw: (r, s) => 1000 + normal(r) + s, none: 0, near: { 200: 0.25, 2000: 0.08 }, clear: 0.5 },
};

interface Result {
  readonly dError: number;
  readonly width: number;
  readonly wError: number;
  readonly decision: 'drift' | 'no_drift' | 'undecided';
  /** The decision on the reported statistic alone: p(D_edges) < alpha for the sketches (conservative), p < alpha for samples. */
  readonly drift: boolean;
}
type Method = (reference: number[], window: number[], random: SeededRandom) => Result;

function fineBins(bins: number): (reference: number[]) => Method {
  return (reference) => {
    const layout = NumericBinLayout.fit(reference, { bins });
    const ref = NumericBinSketch.of(layout, reference);
    return (_, window) => {
      const aligned = ref.alignWith(NumericBinSketch.of(layout, window));
      const k = ksBounds(aligned);
      const w = wassersteinBounds(aligned);
      return { dError: k.statistic, width: k.upper - k.lower, wError: w.estimate, decision: ksDecision(k, ALPHA), drift: k.pValue < ALPHA };
    };
  };
}

function logBuckets(reference: number[]): Method {
  const ref = LogBucketSketch.of(reference);
  return (_, window) => {
    const aligned = ref.alignWith(LogBucketSketch.of(window));
    const k = ksBounds(aligned);
    const w = wassersteinBounds(aligned);
    return { dError: k.statistic, width: k.upper - k.lower, wError: w.estimate, decision: ksDecision(k, ALPHA), drift: k.pValue < ALPHA };
  };
}

/** Today: the reference's 500 evenly spaced order statistics against a bottom-k sample of 500 window values (random keys). */
function todaysSamples(reference: number[]): Method {
  const feature = fitReferenceProfile({ modelId: 'm', modelVersion: 'v', source: 'dataset', createdAtMs: 0, rows: reference.map((x) => ({ numeric: { x }, categorical: {} })) }).features['x'];
  const refSample = feature?.sample ?? [];
  return (_, window, random) => {
    const sample = new BottomKSample(500);
    for (const v of window) sample.add(v, Math.floor(random.next() * 2 ** 32));
    const values = sample.values();
    const ks = ksTwoSample(refSample, values);
    return { dError: ks.statistic, width: 0, wError: wassersteinDistance(refSample, values), decision: ks.pValue < ALPHA ? 'drift' : 'no_drift', drift: ks.pValue < ALPHA };
  };
}

const METHODS: Record<string, (reference: number[]) => Method> = {
  'fine bins 40': fineBins(40),
  'fine bins 80': fineBins(80),
  'fine bins 160': fineBins(160),
  'log buckets 1%': logBuckets,
  "today's samples 500": todaysSamples,
};

type Level = 'none' | 'near' | 'clear';
interface Tally {
  dErrors: number[];
  widths: number[];
  wErrors: Record<Level, number[]>;
  /** Bracket decisions (ksDecision) against the exact ones: agree / disagree / undecided. */
  decisions: [number, number, number];
  /** Decisions on the statistic alone against the exact ones: agree / missed drift / false alarm. */
  onStatistic: [number, number, number];
  undecidedWithoutDrift: number;
  withoutDrift: number;
}
const tallies = new Map<string, Tally>();
const tally = (key: string): Tally => {
  let t = tallies.get(key);
  if (t === undefined) {
    t = { dErrors: [], widths: [], wErrors: { none: [], near: [], clear: [] }, decisions: [0, 0, 0], onStatistic: [0, 0, 0], undecidedWithoutDrift: 0, withoutDrift: 0 };
    tallies.set(key, t);
  }
  return t;
};

const random = seededRandom(42);
for (const [family, spec] of Object.entries(FAMILIES)) {
  const reference = Array.from({ length: REFERENCE_SIZE }, () => spec.draw(random, spec.none));
  const methods = Object.entries(METHODS).map(([name, make]) => [name, make(reference)] as const);
  for (const size of SIZES) {
    for (const [level, parameter] of [['none', spec.none], ['near', spec.near[size] as number], ['clear', spec.clear]] as const) {
      for (let trial = 0; trial < TRIALS; trial++) {
        const window = Array.from({ length: size }, () => spec.draw(random, parameter));
        const exact = ksTwoSample(reference, window);
        const w = wassersteinDistance(reference, window);
        const exactDecision = exact.pValue < ALPHA ? 'drift' : 'no_drift';
        for (const [name, method] of methods) {
          const r = method(reference, window, random);
          for (const key of [`${name}|${family}|${size}`, `${name}|all|${size}`]) {
            const t = tally(key);
            t.dErrors.push(Math.abs(r.dError - exact.statistic));
            t.widths.push(r.width);
            t.wErrors[level].push(Math.abs(r.wError - w) / w);
            const slot = r.decision === 'undecided' ? 2 : r.decision === exactDecision ? 0 : 1;
            t.decisions[slot]++;
            t.onStatistic[r.drift === (exactDecision === 'drift') ? 0 : r.drift ? 2 : 1]++;
            if (level === 'none') {
              t.withoutDrift++;
              if (slot === 2) t.undecidedWithoutDrift++;
            }
          }
        }
      }
    }
  }
}

const quantile = (values: number[], q: number): number => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * (s.length - 1)))] ?? Number.NaN;
};
const f = (v: number, digits = 4): string => v.toFixed(digits);
const pct = (v: number): string => `${(100 * v).toFixed(1)}%`;

console.log(`${TRIALS} windows per family, size and drift level (none / near the KS threshold / clear); reference ${REFERENCE_SIZE} values; alpha ${ALPHA}.`);
console.log('| method | family | window | KS abs. error median / p95 / max | KS bracket width (median) | W rel. error clear: median / max | near: median / p95 | none: median / p95 | KS bracket decisions agree / disagree / undecided | undecided without drift | on p(statistic): agree / missed / false alarms |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const [key, t] of tallies) {
  const [method, family, size] = key.split('|');
  const w = (level: Level, q: number): string => pct(q === 1 ? Math.max(...t.wErrors[level]) : quantile(t.wErrors[level], q));
  console.log(
    `| ${[method, family, size, `${f(quantile(t.dErrors, 0.5))} / ${f(quantile(t.dErrors, 0.95))} / ${f(Math.max(...t.dErrors))}`, f(quantile(t.widths, 0.5)),
      `${w('clear', 0.5)} / ${w('clear', 1)}`, `${w('near', 0.5)} / ${w('near', 0.95)}`, `${w('none', 0.5)} / ${w('none', 0.95)}`,
      t.decisions.join(' / '), `${t.undecidedWithoutDrift} of ${t.withoutDrift}`, t.onStatistic.join(' / ')].join(' | ')} |`,
  );
}
