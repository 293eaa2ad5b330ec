import { describe, expect, it } from 'vitest';
import { sketchGoldenFamilies, type SketchGoldenFamily } from '../../../../../test/golden/sketch/golden.ts';
import { countNumeric } from '../../drift/numeric-profile.ts';
import { sampleNullThreshold } from '../../drift/null-threshold.ts';
import { wassersteinDistance } from '../../drift/wasserstein.ts';
import { fitReferenceProfile } from '../fit-reference-profile.ts';
import { DEFAULT_MONITORING_OPTIONS } from '../monitoring-options.ts';
import type { NumericBinProfile } from '../../drift/bin-profile.ts';
import { binnedScores } from './binned-scores.ts';
import { ksBounds, ksDecision } from './ks-bounds.ts';
import { LogBucketSketch } from './log-bucket-sketch.ts';
import { NumericBinLayout } from './numeric-bin-layout.ts';
import { NumericBinSketch } from './numeric-bin-sketch.ts';
import { wassersteinBounds } from './wasserstein-bounds.ts';

/**
 * The sketches against SciPy on the raw values (test/golden/sketch/streams.json, written by
 * scripts/golden/sketch/make_sketch_fixtures.py): normal, shifted normal, lognormal, bimodal,
 * integers (heavy ties) and an offset feature, windows of 200 and 2000 values without drift,
 * near the KS threshold and with a clear drift. The stated bounds must hold on every window, the
 * errors stay within what the README states, and the drift decisions agree with those SciPy's
 * exact values give, with the engine's thresholds.
 */
const families = sketchGoldenFamilies();
const ALPHA = DEFAULT_MONITORING_OPTIONS.drift.fdr;
const { nullQuantile, nullResamples } = DEFAULT_MONITORING_OPTIONS.drift;

interface Fitted {
  readonly family: SketchGoldenFamily;
  readonly layout: NumericBinLayout;
  readonly reference: NumericBinSketch;
  /** Today's reference for this feature (fitReferenceProfile): deciles, the 500-value sample and the std. */
  readonly profile: NumericBinProfile;
  readonly sample: readonly number[];
  readonly std: number;
}

const fitted: Fitted[] = families.map((family) => {
  const layout = NumericBinLayout.fit(family.reference);
  const today = fitReferenceProfile({
    modelId: 'm',
    modelVersion: 'v',
    source: 'dataset',
    createdAtMs: 0,
    rows: family.reference.map((x) => ({ numeric: { x }, categorical: {} })),
  }).features['x'];
  if (today === undefined || today.sample === undefined || today.std === undefined) throw new Error('no numeric reference fitted');
  return { family, layout, reference: NumericBinSketch.of(layout, family.reference), profile: today.profile as NumericBinProfile, sample: today.sample, std: today.std };
});

const windows = fitted.flatMap((f) => f.family.windows.map((w) => ({ f, w, sketch: NumericBinSketch.of(f.layout, w.values) })));

describe('numeric sketches against SciPy', () => {
  it('keep SciPy’s KS D within [D_edges, D_edges + the largest bin share], and its asymptotic p-value within the p bracket', () => {
    for (const { f, w, sketch } of windows) {
      const b = ksBounds(f.reference.alignWith(sketch));
      const d = w.expected.ks.statistic;
      expect(d, w.name).toBeGreaterThanOrEqual(b.lower - 1e-12);
      expect(d, w.name).toBeLessThanOrEqual(b.upper + 1e-12);
      let largest = 0;
      for (let i = 0; i < f.layout.binCount; i++) largest = Math.max(largest, f.reference.binCount(i) / f.reference.count, sketch.binCount(i) / sketch.count);
      expect(b.upper - b.lower, w.name).toBeLessThanOrEqual(largest + 1e-12);
      expect(w.expected.ks.pValueAsymp, w.name).toBeGreaterThanOrEqual(b.pValueLow * (1 - 1e-9));
      expect(w.expected.ks.pValueAsymp, w.name).toBeLessThanOrEqual(b.pValue * (1 + 1e-9));
    }
  });

  it('report D within 0.01 of SciPy’s on every stream (today’s 500-value samples: 0.03 on 2000-value windows)', () => {
    const errors = windows.map(({ f, w, sketch }) => Math.abs(ksBounds(f.reference.alignWith(sketch)).statistic - w.expected.ks.statistic));
    expect(Math.max(...errors)).toBeLessThanOrEqual(0.01);
  });

  it('keep SciPy’s Wasserstein distance within the bracket, the estimate within 2% under a clear drift (today: 11%)', () => {
    for (const { f, w, sketch } of windows) {
      const b = wassersteinBounds(f.reference.alignWith(sketch));
      const exact = w.expected.wasserstein;
      expect(exact, w.name).toBeGreaterThanOrEqual(b.lower - 1e-9 * exact);
      expect(exact, w.name).toBeLessThanOrEqual(b.upper + 1e-9 * exact);
      if (w.drift === 'clear') expect(Math.abs(b.estimate - exact) / exact, w.name).toBeLessThanOrEqual(0.02);
      else expect(Math.abs(b.estimate - exact) / exact, w.name).toBeLessThanOrEqual(0.2);
    }
  });

  it('take the same KS decisions as SciPy’s exact p-values at alpha 0.05 wherever the bracket decides', () => {
    let undecided = 0;
    let missed = 0;
    for (const { f, w, sketch } of windows) {
      const bounds = ksBounds(f.reference.alignWith(sketch));
      const decision = ksDecision(bounds, ALPHA);
      const exact = w.expected.ks.pValue < ALPHA ? 'drift' : 'no_drift';
      if (decision === 'undecided') undecided++;
      else expect(decision, w.name).toBe(exact);
      // On the statistic alone (p at D_edges <= D): never an alarm the exact test would not raise; a
      // drift is missed only where the bracket straddles alpha.
      const onStatistic = bounds.pValue < ALPHA ? 'drift' : 'no_drift';
      if (onStatistic === 'drift') expect(exact, w.name).toBe('drift');
      if (onStatistic !== exact) {
        expect(decision, w.name).toBe('undecided');
        missed++;
      }
    }
    // Measured with 80 bins: 3 of 45 undecided (normal/2000/near/0 exact p 0.035, lognormal/200/near/1
    // p 0.082, offset/2000/none/0 p 0.33, whose brackets reach below 0.05), one of them missed
    // (normal/2000/near/0: p 0.059 at D_edges); none undecided with 160 bins.
    expect(undecided).toBeLessThanOrEqual(3);
    expect(missed).toBeLessThanOrEqual(1);
  });

  it('take the same Wasserstein decisions as SciPy’s distances against the engine’s null thresholds', () => {
    const thresholds = new Map<string, number>();
    for (const { f, w, sketch } of windows) {
      const key = `${f.family.name}/${w.size}`;
      const norm = (v: number) => v / Math.max(f.std, 0.001);
      if (!thresholds.has(key)) {
        const options = { alpha: 1 - nullQuantile, resamples: nullResamples, seed: 1 };
        thresholds.set(key, sampleNullThreshold(f.sample, w.size, (r, x) => norm(wassersteinDistance(r, x)), options).threshold);
      }
      const threshold = thresholds.get(key) as number;
      const b = wassersteinBounds(f.reference.alignWith(sketch));
      const exact = w.expected.normedWasserstein > threshold;
      // The bracket decides when it lies on one side; otherwise the estimate does.
      const fromSketch = norm(b.lower) > threshold ? true : norm(b.upper) <= threshold ? false : norm(b.estimate) > threshold;
      expect(fromSketch, `${w.name}: normed ${w.expected.normedWasserstein} against ${threshold}`).toBe(exact);
    }
  });

  it('give PSI, Jensen-Shannon, Hellinger, L-infinity and chi-square on the deciles exactly as today', () => {
    for (const { f, w, sketch } of windows) {
      expect(f.reference.coarseCounts(), f.family.name).toEqual(f.profile.referenceCounts);
      const today = countNumeric(f.profile, w.values).counts;
      expect(sketch.coarseCounts(), w.name).toEqual(today);
      expect(binnedScores(f.reference.coarseCounts(), sketch.coarseCounts())).toEqual(binnedScores(f.profile.referenceCounts, today));
    }
  });

  it('hold for the reference-independent log buckets too, which are wide on ties and useless on an offset feature', () => {
    for (const f of fitted) {
      const reference = LogBucketSketch.of(f.family.reference);
      for (const w of f.family.windows) {
        const bins = reference.alignWith(LogBucketSketch.of(w.values));
        const k = ksBounds(bins);
        const wb = wassersteinBounds(bins);
        const d = w.expected.ks.statistic;
        const exact = w.expected.wasserstein;
        expect(d, w.name).toBeGreaterThanOrEqual(k.lower - 1e-12);
        expect(d, w.name).toBeLessThanOrEqual(k.upper + 1e-12);
        expect(exact, w.name).toBeGreaterThanOrEqual(wb.lower - 1e-9 * exact);
        expect(exact, w.name).toBeLessThanOrEqual(wb.upper + 1e-9 * exact);
        if (f.family.name === 'offset') expect(k.upper - k.lower, w.name).toBeGreaterThan(0.9);
        if (f.family.name === 'integers') expect(k.upper - k.lower, w.name).toBeGreaterThan(0.15);
      }
    }
  });
});
