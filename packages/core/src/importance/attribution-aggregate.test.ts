import { describe, expect, it } from 'vitest';
import { attributionCases, expectClose } from '../../../../test/golden/importance/golden.ts';
import { seededRandom } from '../drift/seeded-random.ts';
import { AttributionAggregate } from './attribution-aggregate.ts';
import { ImportanceInputError } from './importance-input-error.ts';
import { rankImportance } from './importance-ranking.ts';

function aggregateOf(events: readonly Record<string, number>[]): AttributionAggregate {
  const a = new AttributionAggregate();
  for (const e of events) a.add(e);
  return a;
}

describe('attribution aggregate against math.fsum means', () => {
  for (const c of attributionCases()) {
    it(c.name, () => {
      const a = aggregateOf(c.events);
      expect(a.events).toBe(c.expected.events);
      expect(a.features).toEqual(c.expected.features.map((f) => f.feature));
      for (const f of c.expected.features) {
        const skip = a.feature(f.feature);
        const zero = a.feature(f.feature, 'zero');
        expect(skip?.count).toBe(f.count);
        expectClose(skip?.meanAbsolute, f.meanAbsolute, `${f.feature} mean |φ|`);
        expectClose(skip?.meanSigned, f.meanSigned, `${f.feature} mean φ`);
        expectClose(zero?.meanAbsolute, f.meanAbsoluteZero, `${f.feature} mean |φ|, absent as 0`);
        expectClose(zero?.meanSigned, f.meanSignedZero, `${f.feature} mean φ, absent as 0`);
      }
      expect(rankImportance(a.importances()).map((r) => r.feature)).toEqual(c.expected.ranking);
    });
  }
});

describe('streaming equals batch: merged random partitions through JSON', () => {
  for (const c of attributionCases()) {
    it(c.name, () => {
      const whole = aggregateOf(c.events);
      const random = seededRandom(c.events.length);
      for (const parts of [2, 9, 40]) {
        const groups: Record<string, number>[][] = Array.from({ length: parts }, () => []);
        for (const e of c.events) (groups[random.nextInt(parts)] as Record<string, number>[]).push(e);
        const states = groups.map((g) => AttributionAggregate.fromJSON(JSON.parse(JSON.stringify(aggregateOf(g)))));
        const merged = states.reduce((x, y) => AttributionAggregate.merge(x, y), new AttributionAggregate());
        expect(merged.events).toBe(whole.events);
        for (const s of whole.summaries()) {
          const m = merged.feature(s.feature);
          expect(m?.count).toBe(s.count);
          expectClose(m?.meanAbsolute, s.meanAbsolute, `${s.feature} merged mean |φ|`, { relative: 1e-14 });
          expectClose(m?.meanSigned, s.meanSigned, `${s.feature} merged mean φ`, { relative: 1e-12, absolute: 1e-15 });
        }
      }
    });
  }
});

describe('attribution aggregate behaviour', () => {
  it('accepts Maps, skips null and undefined, and counts events without attributions', () => {
    const a = new AttributionAggregate();
    a.add(new Map([['a', -2], ['b', 1]]));
    a.add({ a: 4, b: null, c: undefined });
    a.add({});
    expect(a.events).toBe(3);
    expect(a.feature('a')).toEqual({ feature: 'a', count: 2, meanAbsolute: 3, meanSigned: 1 });
    expect(a.feature('b')).toEqual({ feature: 'b', count: 1, meanAbsolute: 1, meanSigned: 1 });
    expect(a.feature('b', 'zero')?.meanAbsolute).toBeCloseTo(1 / 3, 15);
    expect(a.feature('c')).toBeUndefined();
    expect(a.features).toEqual(['a', 'b']);
  });

  it('refuses a non-finite attribution without adding any of the event', () => {
    const a = new AttributionAggregate();
    expect(() => a.add({ a: 1, b: Number.NaN })).toThrow(ImportanceInputError);
    expect(() => a.add({ a: Number.POSITIVE_INFINITY })).toThrow(/finite/);
    expect(a.events).toBe(0);
    expect(a.features).toEqual([]);
  });

  it('keeps small attributions next to large ones (compensated sums)', () => {
    const a = new AttributionAggregate();
    a.add({ x: 1e16 });
    for (let i = 0; i < 1000; i++) a.add({ x: 1 });
    a.add({ x: -1e16 });
    expect(a.feature('x')?.meanSigned).toBe(1000 / 1002);
  });

  it('writes JSON sorted by feature name, and reads it back', () => {
    const a = new AttributionAggregate();
    a.add(new Map([['z', 1], ['a', -0.5], ['__proto__', 2]]));
    const json = JSON.parse(JSON.stringify(a));
    expect(json.features.map((f: { feature: string }) => f.feature)).toEqual(['__proto__', 'a', 'z']);
    expect(JSON.stringify(AttributionAggregate.fromJSON(json))).toBe(JSON.stringify(a));
  });

  it('refuses malformed JSON', () => {
    expect(() => AttributionAggregate.fromJSON(null)).toThrow(ImportanceInputError);
    expect(() => AttributionAggregate.fromJSON({ version: 2, events: 0, features: [] })).toThrow(/version 1/);
    expect(() => AttributionAggregate.fromJSON({ version: 1, events: -1, features: [] })).toThrow(/events/);
    const f = { feature: 'a', count: 1, absoluteSum: { sum: 1, compensation: 0 }, signedSum: { sum: 1, compensation: 0 } };
    expect(() => AttributionAggregate.fromJSON({ version: 1, events: 1, features: [f, f] })).toThrow(/twice/);
    expect(() => AttributionAggregate.fromJSON({ version: 1, events: 0, features: [f] })).toThrow(/exceeds/);
    expect(() => AttributionAggregate.fromJSON({ version: 1, events: 1, features: [{ ...f, signedSum: { sum: 'x' } }] })).toThrow(/signedSum/);
  });
});
