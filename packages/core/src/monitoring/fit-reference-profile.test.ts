import { describe, expect, it } from 'vitest';
import { fitCategoricalProfile } from '../drift/categorical-profile.ts';
import { fitNumericProfile } from '../drift/numeric-profile.ts';
import { seededRandom } from '../drift/seeded-random.ts';
import { needsCalibration } from '../estimation/calibration-check.ts';
import { IsotonicRegression } from '../estimation/isotonic-regression.ts';
import { fitReferenceProfile, referenceIdOf, type FitReferenceInput } from './fit-reference-profile.ts';
import type { ReferenceRow } from './reference-profile.ts';
import { ReferenceProfileError } from './reference-profile-error.ts';

function input(rows: Iterable<ReferenceRow>): FitReferenceInput {
  return { modelId: 'fraud', modelVersion: 'v1', rows, source: 'dataset', createdAtMs: 1_700_000_000_000 };
}

/** Binary classification rows: an informative feature `x`, an independent `noise`, a colour, scores. */
function classificationRows(n: number, seed = 1): ReferenceRow[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => {
    const x = random.next();
    const noise = random.next();
    const positive = random.next() < x;
    const score = Math.min(1, Math.max(0, x + (random.next() - 0.5) * 0.2));
    return {
      numeric: { x, noise },
      categorical: { colour: ['red', 'green', 'blue'][Math.floor(random.next() * 3)] as string },
      predictionLabel: score >= 0.5 ? '1' : '0',
      scores: { '1': score },
      labelClass: positive ? '1' : '0',
    };
  });
}

describe('fitReferenceProfile: features', () => {
  it('bins numeric features as fitNumericProfile does, and categorical ones as fitCategoricalProfile', () => {
    const rows = classificationRows(300);
    const profile = fitReferenceProfile(input(rows));
    expect(profile.features['x']?.profile).toEqual(fitNumericProfile(rows.map((r) => r.numeric['x'] ?? null), { bins: 10 }));
    expect(profile.features['colour']?.profile).toEqual(fitCategoricalProfile(rows.map((r) => r.categorical['colour'] ?? null), { maxCategories: 50 }));
    expect(profile.features['colour']?.sample).toBeUndefined();
    expect(profile.rows).toBe(300);
    expect(Object.keys(profile.features)).toEqual(['colour', 'noise', 'x']);
  });

  it('passes bins and maxCategories on', () => {
    const rows = classificationRows(100);
    const profile = fitReferenceProfile(input(rows), { bins: 4, maxCategories: 1 });
    expect(profile.features['x']?.profile).toEqual(fitNumericProfile(rows.map((r) => r.numeric['x'] ?? null), { bins: 4 }));
    const colour = profile.features['colour']?.profile;
    expect(colour?.kind === 'categorical' && colour.categories.length).toBe(1);
  });

  it('keeps every value, ascending, when they fit the sample; evenly spaced order statistics otherwise', () => {
    const values = [5, 3, 9, 1, 7];
    const small = fitReferenceProfile(input(values.map((v) => ({ numeric: { v }, categorical: {} }))));
    expect(small.features['v']?.sample).toEqual([1, 3, 5, 7, 9]);

    const many = Array.from({ length: 1001 }, (_, i) => (i * 7919) % 1001); // 0..1000, shuffled
    const big = fitReferenceProfile(input(many.map((v) => ({ numeric: { v }, categorical: {} }))), { sampleCapacity: 11 });
    expect(big.features['v']?.sample).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
    const bounded = fitReferenceProfile(input(many.map((v) => ({ numeric: { v }, categorical: {} }))), { sampleCapacity: 37 }).features['v']?.sample ?? [];
    expect(bounded).toHaveLength(37);
    expect(bounded).toEqual([...bounded].sort((a, b) => a - b));
    expect([bounded[0], bounded[36]]).toEqual([0, 1000]);
  });

  it('computes the population standard deviation of the non-missing values', () => {
    const values = [2, 4, 4, 4, null, 5, 5, 7, 9];
    const profile = fitReferenceProfile(input(values.map((v) => ({ numeric: { v }, categorical: {} }))));
    expect(profile.features['v']?.std).toBe(2);
    expect(profile.features['v']?.profile.referenceMissing).toBe(1);
    // A large offset does not cancel the spread away.
    const shifted = fitReferenceProfile(input([1e9 + 1, 1e9 + 2, 1e9 + 3].map((v) => ({ numeric: { v }, categorical: {} }))));
    expect(shifted.features['v']?.std).toBeCloseTo(Math.sqrt(2 / 3), 12);
  });

  it('counts a feature absent from a row as missing there, and leaves out a feature with no value', () => {
    const profile = fitReferenceProfile(
      input([
        { numeric: { a: 1, empty: null }, categorical: {} },
        { numeric: { empty: null }, categorical: {} },
      ]),
    );
    expect(profile.features['a']?.profile.referenceMissing).toBe(1);
    expect(profile.features['empty']).toBeUndefined();
  });

  it('treats a feature sent both as a number and as a string as categorical', () => {
    const profile = fitReferenceProfile(
      input([
        { numeric: { zip: 1000 }, categorical: {} },
        { numeric: {}, categorical: { zip: '1000' } },
        { numeric: {}, categorical: { zip: 'A1' } },
        { numeric: { zip: null }, categorical: {} },
      ]),
    );
    expect(profile.features['zip']?.profile).toEqual({ kind: 'categorical', version: 1, categories: ['1000', 'A1'], referenceCounts: [2, 1, 0], referenceMissing: 1 });
  });

  it('fits features named __proto__ or after Object.prototype members, present in some rows only', () => {
    const rows = JSON.parse(`[
      { "numeric": { "__proto__": 1, "toString": 5 }, "categorical": { "constructor": "a" } },
      { "numeric": { "__proto__": 2 }, "categorical": {} },
      { "numeric": { "__proto__": null }, "categorical": { "constructor": "b" } }
    ]`) as ReferenceRow[];
    const profile = fitReferenceProfile(input(rows));
    expect(Object.keys(profile.features)).toEqual(['__proto__', 'constructor', 'toString']);
    expect(Object.getPrototypeOf(profile.features)).toBe(Object.prototype);
    expect(profile.features['__proto__']?.sample).toEqual([1, 2]);
    expect(profile.features['toString']?.sample).toEqual([5]);
    expect(profile.features['toString']?.profile.referenceMissing).toBe(2);
    expect(profile.features['constructor']?.profile).toMatchObject({ kind: 'categorical', categories: ['a', 'b'], referenceMissing: 1 });
  });
});

describe('fitReferenceProfile: text features', () => {
  /** A distinct text of `length` characters. */
  const text = (i: number, length: number) => `${i} `.padEnd(length, 'my parcel is late ');
  const lengths = [40, 300, 800, 1200, 2500, 5000, 700, 9000];
  const rows: ReferenceRow[] = lengths.map((n, i) => ({ numeric: {}, categorical: { ticket: text(i, n), queue: i % 2 ? 'billing' : 'tech' } }));
  rows.push({ numeric: { ticket: null }, categorical: { queue: 'x'.repeat(256) } }, { numeric: { ticket: 12 }, categorical: {} });

  it('fits a string feature with a value over 256 characters on the lengths of its strings, short ones too', () => {
    const profile = fitReferenceProfile(input(rows));
    const ticket = profile.features['ticket'];
    expect(ticket?.text).toBe(true);
    // The number sent for it is missing, as windows count it; so is the null and the absent value.
    const expected = [...lengths, null, null];
    expect(ticket?.profile).toEqual(fitNumericProfile(expected, { bins: 10 }));
    expect(ticket?.profile.referenceMissing).toBe(2);
    expect(ticket?.sample).toEqual([...lengths].sort((a, b) => a - b));
    expect(ticket?.std).toBe(fitReferenceProfile(input(lengths.map((v) => ({ numeric: { v }, categorical: {} })))).features['v']?.std);
    // 256 characters is still a category: queue stays categorical, without the text flag.
    expect(profile.features['queue']).toEqual({ profile: fitCategoricalProfile(['tech', 'billing', 'tech', 'billing', 'tech', 'billing', 'tech', 'billing', 'x'.repeat(256), null]) });
  });

  it('measures characters: 300 emoji are a text of length 300', () => {
    const profile = fitReferenceProfile(input([{ numeric: {}, categorical: { t: '😀'.repeat(300) } }, { numeric: {}, categorical: { t: '😀'.repeat(256) } }]));
    expect(profile.features['t']).toMatchObject({ text: true, sample: [256, 300] });
    expect(fitReferenceProfile(input([{ numeric: {}, categorical: { t: '😀'.repeat(256) } }])).features['t']?.profile.kind).toBe('categorical');
  });

  it('takes texts given by their length as the texts themselves: the same profile and id', () => {
    const byLength: ReferenceRow[] = rows.map((r) => {
      const t = r.categorical['ticket'];
      if (typeof t !== 'string' || t.length <= 256) return r;
      const { ticket: _, ...categorical } = r.categorical;
      return { ...r, categorical, textLengths: { ticket: t.length } };
    });
    expect(byLength.filter((r) => r.textLengths !== undefined)).toHaveLength(7);
    expect(fitReferenceProfile(input(byLength))).toEqual(fitReferenceProfile(input(rows)));
    // A length alone makes the feature a text, even when no row holds the text itself.
    const only = fitReferenceProfile(input([{ numeric: {}, categorical: { t: 'short' }, textLengths: {} }, { numeric: {}, categorical: {}, textLengths: { t: 4000 } }]));
    expect(only.features['t']).toMatchObject({ text: true, sample: [5, 4000] });
  });

  it('is independent of the row order, and refuses a length that is not a text', () => {
    expect(fitReferenceProfile(input([...rows].reverse())).referenceId).toBe(fitReferenceProfile(input(rows)).referenceId);
    expect(() => fitReferenceProfile(input([{ numeric: {}, categorical: {}, textLengths: { t: 20 } }]))).toThrow(/textLengths\.t must be the length of a text: an integer over 256, got 20/);
  });

  it('keeps importance by mutual information for a text feature', () => {
    const labelled = Array.from({ length: 400 }, (_, i): ReferenceRow => ({ numeric: {}, categorical: { ticket: text(i, i % 2 ? 3000 : 400) }, labelClass: i % 2 ? 'urgent' : 'normal' }));
    const profile = fitReferenceProfile(input(labelled));
    expect(profile.importanceSource).toBe('mutual_information');
    expect(profile.importance?.['ticket']).toBeCloseTo(Math.log(2), 6);
  });
});

describe('fitReferenceProfile: prediction, label, task', () => {
  it('classification: categorical prediction and label', () => {
    const profile = fitReferenceProfile(input(classificationRows(200)));
    expect(profile.task).toBe('classification');
    expect(profile.prediction?.profile.kind).toBe('categorical');
    expect(profile.label?.profile.kind).toBe('categorical');
  });

  it('regression: numeric prediction and label with sample and std, MAE and MSE', () => {
    const rows: ReferenceRow[] = [
      { numeric: { x: 1 }, categorical: {}, predictionValue: 1.5, labelValue: 1 },
      { numeric: { x: 2 }, categorical: {}, predictionValue: 2, labelValue: 3 },
      { numeric: { x: 3 }, categorical: {}, predictionValue: 3, labelValue: 3 },
      { numeric: { x: 4 }, categorical: {}, predictionValue: 4 },
    ];
    const profile = fitReferenceProfile(input(rows));
    expect(profile.task).toBe('regression');
    expect(profile.prediction?.profile).toEqual(fitNumericProfile([1.5, 2, 3, 4]));
    expect(profile.prediction?.sample).toEqual([1.5, 2, 3, 4]);
    expect(profile.label?.profile).toEqual(fitNumericProfile([1, 3, 3, null]));
    expect(profile.performance).toEqual({ rows: 3, mae: 0.5, mse: (0.25 + 1) / 3 });
    expect(profile.estimation).toBeUndefined();
  });

  it('unknown without predictions; no prediction, label or performance', () => {
    const profile = fitReferenceProfile(input([{ numeric: { x: 1 }, categorical: {} }]));
    expect(profile.task).toBe('unknown');
    expect(profile.prediction).toBeUndefined();
    expect(profile.label).toBeUndefined();
    expect(profile.performance).toBeUndefined();
    expect(profile.importance).toBeUndefined();
  });

  it('accuracy over rows with both classes, numeric predictions compared as strings', () => {
    const rows: ReferenceRow[] = [
      { numeric: {}, categorical: {}, predictionValue: 1, labelClass: '1' },
      { numeric: {}, categorical: {}, predictionValue: 0, labelClass: '1' },
      { numeric: {}, categorical: {}, predictionLabel: 'a', labelClass: 'a' },
      { numeric: {}, categorical: {}, predictionLabel: 'a' },
    ];
    const profile = fitReferenceProfile(input(rows));
    expect(profile.task).toBe('classification');
    expect(profile.performance).toEqual({ rows: 3, accuracy: 2 / 3 });
  });
});

describe('fitReferenceProfile: importance', () => {
  it('mutual information: clearly positive for an informative feature, near 0 for an independent one', () => {
    const profile = fitReferenceProfile(input(classificationRows(4000)));
    expect(profile.importanceSource).toBe('mutual_information');
    const mi = profile.importance ?? {};
    expect(mi['x']).toBeGreaterThan(0.1);
    expect(mi['noise']).toBeLessThan(0.01);
    expect(mi['colour']).toBeLessThan(0.01);
  });

  it('mutual information with a numeric label uses the label bins', () => {
    const random = seededRandom(3);
    const rows: ReferenceRow[] = Array.from({ length: 3000 }, () => {
      const x = random.next();
      return { numeric: { x, noise: random.next() }, categorical: {}, predictionValue: x, labelValue: x + random.next() * 0.1 };
    });
    const mi = fitReferenceProfile(input(rows)).importance ?? {};
    expect(mi['x']).toBeGreaterThan(1);
    expect(mi['noise']).toBeLessThan(0.05);
  });

  it('mean |attribution| over the rows that carry it, preferred to mutual information', () => {
    const rows: ReferenceRow[] = [
      { numeric: { a: 1, b: 2 }, categorical: {}, predictionLabel: 'x', labelClass: 'x', attributions: { a: -2, b: 1 } },
      { numeric: { a: 2, b: 1 }, categorical: {}, predictionLabel: 'y', labelClass: 'y', attributions: { a: 4 } },
      { numeric: { a: 3, b: 1 }, categorical: {}, predictionLabel: 'y', labelClass: 'x' },
    ];
    const profile = fitReferenceProfile(input(rows));
    expect(profile.importanceSource).toBe('attributions');
    expect(profile.importance).toEqual({ a: 3, b: 1 });
  });
});

describe('fitReferenceProfile: estimation (CBPE)', () => {
  it('prefers a conventional positive class name, in any case', () => {
    const rows = (classes: [string, string]): ReferenceRow[] =>
      classificationRows(200).map((r) => {
        const positive = r.labelClass === '1';
        const score = r.scores?.['1'] as number;
        return { ...r, labelClass: positive ? classes[0] : classes[1], scores: { [classes[0]]: score, [classes[1]]: 1 - score } };
      });
    expect(fitReferenceProfile(input(rows(['Yes', 'zzz']))).estimation?.positiveClass).toBe('Yes');
    expect(fitReferenceProfile(input(rows(['1', '0']))).estimation?.positiveClass).toBe('1');
    // Neither is conventional: the greater name.
    expect(fitReferenceProfile(input(rows(['cat', 'dog']))).estimation?.positiveClass).toBe('dog');
  });

  it('takes the scored class when scores name only one', () => {
    const rows = classificationRows(200).map((r) => ({ ...r, labelClass: r.labelClass === '1' ? 'b' : 'a', scores: { a: 1 - (r.scores?.['1'] as number) } }));
    expect(fitReferenceProfile(input(rows)).estimation?.positiveClass).toBe('a');
  });

  it('fits the calibrator exactly when needsCalibration says so', () => {
    // Squashed scores: well ranked, badly calibrated.
    const rows = classificationRows(1000).map((r) => ({ ...r, scores: { '1': 0.4 + (r.scores?.['1'] as number) * 0.2 } }));
    const pairs = rows.map((r) => [r.scores['1'], r.labelClass === '1' ? 1 : 0] as [number, number]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const scores = pairs.map((p) => p[0]);
    const labels = pairs.map((p) => p[1]);
    expect(needsCalibration(labels, scores)).toBe(true);
    expect(fitReferenceProfile(input(rows)).estimation).toEqual({ positiveClass: '1', calibrator: IsotonicRegression.fit(scores, labels).toJSON() });
  });

  it('no calibrator for perfectly ranked scores; no estimation without two classes or scores', () => {
    const ranked = classificationRows(200).map((r, i) => ({ ...r, labelClass: i % 2 === 0 ? '1' : '0', scores: { '1': i % 2 === 0 ? 0.9 : 0.1 } }));
    expect(fitReferenceProfile(input(ranked)).estimation).toEqual({ positiveClass: '1', calibrator: null });
    const unscored = classificationRows(200).map(({ scores: _scores, ...r }) => r);
    expect(fitReferenceProfile(input(unscored)).estimation).toBeUndefined();
    const three = classificationRows(200).map((r, i) => ({ ...r, labelClass: String(i % 3) }));
    expect(fitReferenceProfile(input(three)).estimation).toBeUndefined();
  });
});

describe('fitReferenceProfile: referenceId', () => {
  it('is the same for the same rows in another order, and changes with the data', () => {
    const rows = classificationRows(500).map((r, i) => ({ ...r, attributions: { x: Math.sin(i) / 3, noise: 0.1 * (i % 7) } }));
    const a = fitReferenceProfile(input(rows));
    const b = fitReferenceProfile({ ...input([...rows].reverse()), createdAtMs: 1 });
    const shuffled = [...rows].sort((p, q) => (p.numeric['noise'] as number) - (q.numeric['noise'] as number));
    const c = fitReferenceProfile(input(shuffled));
    expect(a.referenceId).toMatch(/^[0-9a-f]{64}$/);
    expect(b.referenceId).toBe(a.referenceId);
    expect(c).toEqual(a);
    const changed = rows.map((r, i) => (i === 0 ? { ...r, numeric: { ...r.numeric, x: 0.123 } } : r));
    expect(fitReferenceProfile(input(changed)).referenceId).not.toBe(a.referenceId);
    expect(fitReferenceProfile({ ...input(rows), modelVersion: 'v2' }).referenceId).not.toBe(a.referenceId);
  });

  it('is the hash referenceIdOf recomputes from the profile', () => {
    const profile = fitReferenceProfile(input(classificationRows(50)));
    expect(referenceIdOf(profile)).toBe(profile.referenceId);
    expect(referenceIdOf(JSON.parse(JSON.stringify(profile)))).toBe(profile.referenceId);
  });
});

describe('fitReferenceProfile: refuses bad input', () => {
  function problemsOf(f: () => unknown): string[] {
    try {
      f();
    } catch (error) {
      expect(error).toBeInstanceOf(ReferenceProfileError);
      return [...(error as ReferenceProfileError).problems];
    }
    throw new Error('expected a ReferenceProfileError');
  }

  it('no rows', () => {
    expect(problemsOf(() => fitReferenceProfile(input([])))).toEqual(['there are no rows to fit on']);
  });

  it('lists every non-finite number and wrong type with its row', () => {
    const problems = problemsOf(() =>
      fitReferenceProfile(
        input([
          { numeric: { a: Number.NaN }, categorical: {} },
          { numeric: { a: 1 }, categorical: { c: 3 as unknown as string }, predictionValue: Number.POSITIVE_INFINITY, scores: { '1': 1.5 } },
          { numeric: {}, categorical: {}, attributions: { a: Number.NaN } },
        ]),
      ),
    );
    expect(problems).toEqual([
      'rows[0].numeric.a must be a finite number or null, got NaN',
      'rows[1].categorical.c must be a string or null, got number',
      'rows[1].predictionValue must be a finite number or null, got Infinity',
      'rows[1].scores.1 must be a number in [0, 1], got 1.5',
      'rows[2].attributions.a must be a finite number, got NaN',
    ]);
  });

  it('bad options and identity', () => {
    const problems = problemsOf(() => fitReferenceProfile({ ...input([]), modelId: '', createdAtMs: Number.NaN }, { bins: 0, sampleCapacity: 1.5 }));
    expect(problems).toEqual([
      'options.bins must be a positive integer, got 0',
      'options.sampleCapacity must be a positive integer, got 1.5',
      'modelId must be a non-empty string',
      'createdAtMs must be a finite number',
    ]);
  });

  it('caps the list of problems', () => {
    const rows = Array.from({ length: 30 }, () => ({ numeric: { a: Number.NaN }, categorical: {} }));
    const problems = problemsOf(() => fitReferenceProfile(input(rows)));
    expect(problems).toHaveLength(21);
    expect(problems[20]).toBe('and 10 more');
  });
});
