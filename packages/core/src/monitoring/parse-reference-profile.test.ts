import { describe, expect, it } from 'vitest';
import { seededRandom } from '../drift/seeded-random.ts';
import { fitReferenceProfile } from './fit-reference-profile.ts';
import { parseReferenceProfile } from './parse-reference-profile.ts';
import type { ReferenceProfile, ReferenceRow } from './reference-profile.ts';
import { ReferenceProfileError } from './reference-profile-error.ts';

/** A classification profile with every optional part: prediction, label, importance, performance, estimation. */
function fullProfile(): ReferenceProfile {
  const random = seededRandom(7);
  const rows: ReferenceRow[] = Array.from({ length: 400 }, () => {
    const x = random.next();
    const score = 0.4 + x * 0.2;
    return {
      numeric: { x },
      categorical: { colour: random.next() < 0.5 ? 'red' : 'blue' },
      predictionLabel: score >= 0.5 ? '1' : '0',
      scores: { '1': score },
      labelClass: random.next() < x ? '1' : '0',
    };
  });
  return fitReferenceProfile({ modelId: 'm', modelVersion: 'v1', rows, source: 'window', createdAtMs: 1_700_000_000_000 });
}

function problemsOf(json: unknown): string[] {
  try {
    parseReferenceProfile(json);
  } catch (error) {
    expect(error).toBeInstanceOf(ReferenceProfileError);
    return [...(error as ReferenceProfileError).problems];
  }
  throw new Error('expected a ReferenceProfileError');
}

describe('parseReferenceProfile', () => {
  it('round-trips a fitted profile through JSON', () => {
    const profile = fullProfile();
    expect(profile.estimation?.calibrator).not.toBeNull();
    expect(profile.importance).toBeDefined();
    expect(parseReferenceProfile(JSON.parse(JSON.stringify(profile)))).toEqual(profile);
    const regression = fitReferenceProfile({
      modelId: 'm',
      modelVersion: 'v1',
      rows: [1, 2, 3].map((v) => ({ numeric: { v }, categorical: {}, predictionValue: v, labelValue: v + 1 })),
      source: 'dataset',
      createdAtMs: 0,
    });
    expect(parseReferenceProfile(JSON.parse(JSON.stringify(regression)))).toEqual(regression);
  });

  it('keeps features and importances named __proto__ or after Object.prototype members', () => {
    const rows = JSON.parse(`[
      { "numeric": { "__proto__": 1, "valueOf": 2 }, "categorical": { "constructor": "a" }, "attributions": { "__proto__": 0.5, "constructor": 0.25 } },
      { "numeric": { "__proto__": 3, "valueOf": 4 }, "categorical": { "constructor": "b" }, "attributions": { "__proto__": 0.25 } }
    ]`) as ReferenceRow[];
    const profile = fitReferenceProfile({ modelId: 'm', modelVersion: 'v1', rows, source: 'dataset', createdAtMs: 0 });
    const parsed = parseReferenceProfile(JSON.parse(JSON.stringify(profile)));
    expect(Object.keys(parsed.features)).toEqual(['__proto__', 'constructor', 'valueOf']);
    expect(Object.keys(parsed.importance ?? {})).toEqual(['__proto__', 'constructor']);
    expect(parsed).toEqual(profile);
  });

  it('keeps only the known fields', () => {
    const parsed = parseReferenceProfile({ ...JSON.parse(JSON.stringify(fullProfile())), extra: 1 });
    expect('extra' in parsed).toBe(false);
  });

  it('refuses what is not an object', () => {
    expect(problemsOf(null)).toEqual(['profile must be an object']);
    expect(problemsOf([])).toEqual(['profile must be an object']);
  });

  it('lists every problem with its path', () => {
    const json = JSON.parse(JSON.stringify(fullProfile()));
    json.version = 2;
    json.modelId = '';
    json.source = 'upload';
    json.rows = -1;
    delete json.createdAtMs;
    json.task = 'ranking';
    json.features.x.sample = [3, 1, 'a'];
    json.features.x.std = -1;
    json.features.colour.profile.referenceCounts = [1];
    json.prediction = 'no';
    json.importance.x = -0.5;
    json.performance.accuracy = 1.5;
    json.estimation.calibrator = { xThresholds: [1, 0], yThresholds: [0, 1], xMin: 0, xMax: 1 };
    expect(problemsOf(json)).toEqual([
      'version must be 1, not 2',
      'modelId must be a non-empty string',
      'source must be one of "dataset", "window", "rolling", not "upload"',
      'rows must be a non-negative integer',
      'createdAtMs must be a finite number',
      'task must be one of "classification", "regression", "unknown", not "ranking"',
      'features.colour.profile: invalid bin profile: referenceCounts has 1 entries; the bins need 3',
      'features.x.sample must be ascending; [1] is below [0]',
      'features.x.sample[2] must be a finite number',
      'features.x.std must be a finite number >= 0',
      'prediction must be an object',
      'importance.x must be a finite number >= 0',
      'performance.accuracy must be a number in [0, 1]',
      'estimation.calibrator: isotonic model: thresholds must increase (at 1)',
    ]);
  });

  it('refuses sample and std on a categorical profile, and importance without its source', () => {
    const json = JSON.parse(JSON.stringify(fullProfile()));
    json.features.colour.sample = [1];
    delete json.importanceSource;
    json.estimation = { positiveClass: 1 };
    expect(problemsOf(json)).toEqual([
      'features.colour: sample and std are for numeric profiles only',
      'importance and importanceSource come together',
      'estimation.positiveClass must be a string',
      'estimation.calibrator must be an isotonic model or null',
    ]);
  });
});

describe('text features', () => {
  const profile = fitReferenceProfile({
    modelId: 'm', modelVersion: 'v', source: 'dataset', createdAtMs: 7,
    rows: Array.from({ length: 50 }, (_, i) => ({ numeric: {}, categorical: { ticket: 'w'.repeat(100 + 40 * i), queue: i % 2 ? 'a' : 'b' } })),
  });

  it('keep their text flag through JSON', () => {
    expect(profile.features['ticket']).toMatchObject({ text: true, profile: { kind: 'numeric' } });
    const parsed = parseReferenceProfile(JSON.parse(JSON.stringify(profile)));
    expect(parsed).toEqual(profile);
    expect(parsed.features['queue']).not.toHaveProperty('text');
  });

  it('refuse a text flag other than true, and a text feature without a numeric profile', () => {
    const json = JSON.parse(JSON.stringify(profile));
    json.features.ticket.text = 'yes';
    json.features.queue.text = true;
    expect(problemsOf(json)).toEqual(['features.queue: a text feature has a numeric profile (of its lengths)', 'features.ticket.text must be true or absent']);
  });
});

describe('rolling references', () => {
  it('keep their source and period through JSON, and refuse a period without numbers', () => {
    const profile = fitReferenceProfile({
      modelId: 'm', modelVersion: 'v', source: 'rolling', period: { fromMs: 1000, toMs: 5000 }, createdAtMs: 7,
      rows: Array.from({ length: 50 }, (_, i) => ({ numeric: { x: i }, categorical: {} })),
    });
    const parsed = parseReferenceProfile(JSON.parse(JSON.stringify(profile)));
    expect([parsed.source, parsed.period]).toEqual(['rolling', { fromMs: 1000, toMs: 5000 }]);
    expect(() => parseReferenceProfile({ ...JSON.parse(JSON.stringify(profile)), period: { fromMs: 'a' } })).toThrow(/period must be/);
  });
});
