import { describe, expect, it } from 'vitest';
import { fitCategoricalProfile } from '../drift/categorical-profile.ts';
import { fitNumericProfile } from '../drift/numeric-profile.ts';
import { addTo } from '../windows/aggregate.ts';
import { dataQualityAggregate, dataQualityMetrics, DataQualityState, type QualityEvent, type QualityReference } from './data-quality.ts';
import { randomSplit, seededRandom } from './test-random.ts';

const reference: QualityReference = {
  amount: fitNumericProfile([1, 5, 10, 20, 100]),
  country: fitCategoricalProfile(['DE', 'FR', 'DE', 'US']),
  ticket: { kind: 'text' },
};
/** A text: longer than MAX_CATEGORY_LENGTH characters. */
const text = (i: number, length = 300) => `${i} `.padEnd(length, 'lorem ipsum ');
const aggregate = dataQualityAggregate(reference);

function event(features: Record<string, number | string | null>): QualityEvent {
  const e = { numericFeatures: {} as Record<string, number>, categoricalFeatures: {} as Record<string, string>, missingFeatures: [] as string[] };
  for (const [k, v] of Object.entries(features)) {
    if (v === null) e.missingFeatures.push(k);
    else if (typeof v === 'number') e.numericFeatures[k] = v;
    else e.categoricalFeatures[k] = v;
  }
  return e;
}

function fold(events: readonly QualityEvent[], agg = aggregate): DataQualityState {
  let s = agg.empty();
  for (const e of events) s = addTo(agg, s, e);
  return s;
}

function feature(state: DataQualityState, name: string) {
  return dataQualityMetrics(state).features.find((f) => f.feature === name)!;
}

describe('data quality', () => {
  it('counts missing, out of range (inclusive), unseen, type mismatch and new features', () => {
    const s = fold([
      event({ amount: 1, country: 'DE' }), //       both in reference; 1 is the reference minimum
      event({ amount: 100, country: 'BR' }), //     100 is the maximum (in range); BR unseen
      event({ amount: 0.5, country: 'BR', promo: 'x' }), // below range; new feature promo
      event({ amount: 100.01, country: null }), // above range; country missing (null)
      event({ amount: 'high', country: 7, promo: null }), // both type mismatches; promo again
      event({}), //                                 both absent: missing
    ]);
    const amount = feature(s, 'amount');
    expect(amount).toMatchObject({
      kind: 'numeric', missingCount: 1, missingRate: 1 / 6, presentCount: 5, typeMismatchCount: 1, typeMismatchRate: 0.2,
      checkedCount: 4, outOfRangeCount: 2, belowRangeCount: 1, aboveRangeCount: 1, outOfRangeRate: 0.5, unseenCount: null, unseenRate: null,
    });
    const country = feature(s, 'country');
    expect(country).toMatchObject({
      kind: 'categorical', missingCount: 2, presentCount: 4, typeMismatchCount: 1, checkedCount: 3,
      outOfRangeCount: null, outOfRangeRate: null, unseenCount: 2, unseenRate: 2 / 3, unseenDistinct: 1,
      topUnseen: [{ value: 'BR', count: 2 }], unseenTruncated: false,
    });
    expect(dataQualityMetrics(s).newFeatures).toEqual([{ feature: 'promo', count: 2, rate: 2 / 6 }]);
    expect(s.topUnseenValues('country')).toEqual([{ value: 'BR', count: 2 }]);
  });

  it('merge equals batch under random splits', () => {
    const random = seededRandom(31);
    const pick = <T>(xs: readonly T[]): T => xs[random.nextInt(xs.length)] as T;
    const small = dataQualityAggregate(reference, { unseenValueCapacity: 8, newFeatureCapacity: 3 });
    const events = Array.from({ length: 2000 }, () => {
      const f: Record<string, number | string | null> = {};
      const r = random.next();
      if (r < 0.1) f['amount'] = null;
      else if (r < 0.15) f['amount'] = 'oops';
      else if (r > 0.2) f['amount'] = random.next() * 130 - 10;
      const c = random.next();
      if (c < 0.6) f['country'] = pick(['DE', 'FR', 'US']);
      else if (c < 0.9) f['country'] = `X${Math.floor(40 ** random.next())}`;
      else if (c < 0.95) f['country'] = 3;
      else if (c < 0.97) f['country'] = text(random.nextInt(1000));
      const t = random.next();
      if (t < 0.7) f['ticket'] = text(random.nextInt(100000), 257 + random.nextInt(4000));
      else if (t < 0.85) f['ticket'] = 'short ticket';
      else if (t < 0.9) f['ticket'] = 4;
      else if (t < 0.95) f['ticket'] = null;
      if (random.next() < 0.1) f[`extra${random.nextInt(6)}`] = random.next() < 0.5 ? 1 : null;
      return event(f);
    });
    for (const agg of [aggregate, small]) {
      const batch = fold(events, agg);
      for (let trial = 0; trial < 8; trial++) {
        const parts = randomSplit(random, events, 1 + random.nextInt(7)).map((p) => fold(p, agg));
        const merged = parts.reduce((a, b) => agg.merge(a, b), agg.empty());
        expect(merged.toJSON()).toEqual(batch.toJSON());
        expect(dataQualityMetrics(merged)).toEqual(dataQualityMetrics(batch));
      }
    }
    expect(fold(events, small).toJSON().newFeatures.truncated).toBe(true);
    expect(feature(fold(events), 'ticket').textCount).toBeGreaterThan(1000);
  });

  it('counts texts (over 256 characters) by number, never as unseen categories', () => {
    const s = fold([
      event({ country: 'DE', ticket: text(1, 5000) }),
      event({ country: text(2), ticket: 'x'.repeat(256) }), // a text in a categorical feature; a short ticket
      event({ country: 'BR', ticket: 42 }), //                  unseen; a number for a text feature
      event({ country: '😀'.repeat(256), ticket: text(3, 257) }), // 256 characters: a category (unseen)
      event({ ticket: null }), //                               missing stays missing
    ]);
    expect(feature(s, 'country')).toMatchObject({
      kind: 'categorical', missingCount: 1, presentCount: 4, typeMismatchCount: 0, textCount: 1, textRate: 0.25,
      checkedCount: 3, unseenCount: 2, unseenRate: 2 / 3, unseenDistinct: 2,
    });
    expect(feature(s, 'ticket')).toMatchObject({
      kind: 'text', missingCount: 1, missingRate: 0.2, presentCount: 4, typeMismatchCount: 1, typeMismatchRate: 0.25,
      textCount: 2, textRate: 0.5, checkedCount: 3, unseenCount: null, unseenRate: null, outOfRangeCount: null, topUnseen: [],
    });
    expect(feature(s, 'amount')).toMatchObject({ textCount: null, textRate: null });
    // A text sent for a numeric feature is a type mismatch, like any string.
    expect(feature(fold([event({ amount: text(4) })]), 'amount')).toMatchObject({ typeMismatchCount: 1, textCount: null });
  });

  it('keeps thousands of distinct long texts as counts: the state stays small', () => {
    const events = Array.from({ length: 5000 }, (_, i) => event({ amount: 5, country: text(i, 2000), ticket: text(i, 5000) }));
    const s = fold(events);
    expect(feature(s, 'country')).toMatchObject({ textCount: 5000, unseenCount: 0, unseenDistinct: 0, topUnseen: [] });
    expect(feature(s, 'ticket')).toMatchObject({ textCount: 5000, textRate: 1 });
    expect(JSON.stringify(s.toJSON()).length).toBeLessThan(1000);
  });

  it('an empty window has explicit nulls, never NaN', () => {
    const m = dataQualityMetrics(aggregate.empty());
    expect(m.events).toBe(0);
    expect(m.newFeatures).toEqual([]);
    for (const f of m.features) {
      expect([f.missingRate, f.typeMismatchRate, f.outOfRangeRate, f.unseenRate]).toEqual([null, null, null, null]);
    }
  });

  it('all missing: missing rate 1, the other rates null', () => {
    const m = dataQualityMetrics(fold([event({ amount: null, country: null }), event({})]));
    for (const f of m.features) {
      expect(f.missingRate).toBe(1);
      expect([f.typeMismatchRate, f.outOfRangeRate, f.unseenRate]).toEqual([null, null, null]);
    }
  });

  it('checks the feature name with own properties only', () => {
    const agg = dataQualityAggregate({ constructor: fitNumericProfile([1, 2]) });
    const m = dataQualityMetrics(fold([event({})], agg));
    expect(m.features[0]).toMatchObject({ feature: 'constructor', missingCount: 1, typeMismatchCount: 0 });
  });

  it('writes a categorical text count only when there is one, and reads states written without it', () => {
    const plain = fold([event({ amount: 3, country: 'XX', ticket: 'a' })]);
    const json = plain.toJSON();
    expect(json.features.find((f) => f.name === 'country')).not.toHaveProperty('text');
    expect(json.features.find((f) => f.name === 'ticket')).toEqual({ name: 'ticket', kind: 'text', missing: 0, typeMismatch: 0, text: 0 });
    const withText = fold([event({ amount: 3, country: text(1), ticket: 'a' })]).toJSON();
    expect(withText.features.find((f) => f.name === 'country')).toHaveProperty('text', 1);
    const zero = { ...json, features: json.features.map((f) => (f.name === 'country' ? { ...f, text: 0 } : f)) };
    expect(() => DataQualityState.fromJSON(zero)).toThrow(/only when > 0/);
    expect(() => DataQualityState.fromJSON({ ...json, features: json.features.map((f) => (f.name === 'ticket' ? { ...f, text: 2 } : f)) })).toThrow(/exceed/);
  });

  it('round-trips through JSON and refuses a state of another reference', () => {
    const s = fold([event({ amount: 3, country: 'XX', promo: 1, ticket: text(1) })]);
    const back = aggregate.fromJSON!(JSON.parse(JSON.stringify(aggregate.toJSON!(s))));
    expect(back.toJSON()).toEqual(s.toJSON());
    expect(dataQualityMetrics(back)).toEqual(dataQualityMetrics(s));
    const other = dataQualityAggregate({ amount: reference['amount']! });
    expect(() => other.fromJSON!(s.toJSON())).toThrow(/other reference/);
    expect(() => other.merge(other.empty(), s)).toThrow(/different reference/);
    // A feature that is text in one reference and categorical in another is another reference.
    const categoricalTicket = dataQualityAggregate({ ...reference, ticket: fitCategoricalProfile(['a']) });
    expect(() => categoricalTicket.fromJSON!(s.toJSON())).toThrow(/other reference/);
    expect(() => DataQualityState.fromJSON({ ...s.toJSON(), events: 0 })).toThrow(/exceed|more events/);
  });
});
