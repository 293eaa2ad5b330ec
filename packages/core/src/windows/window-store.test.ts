import { describe, expect, it } from 'vitest';
import { countSumAggregate, type CountSum, type MergeableAggregate } from './aggregate.ts';
import { seriesOf } from './window-key.ts';
import { WindowStore, type WindowStoreOptions } from './window-store.ts';

interface Ev {
  modelId: string;
  modelVersion: string;
  segments?: Record<string, string>;
  timestampMs: number;
  value: number;
}

const MIN = 60_000;
const ev = (timestampMs: number, value = 1, segments?: Record<string, string>): Ev =>
  ({ modelId: 'm', modelVersion: '1', timestampMs, value, ...(segments ? { segments } : {}) });

function options(allowedLatenessMs: number, extra: Partial<WindowStoreOptions<Ev, CountSum>> = {}): WindowStoreOptions<Ev, CountSum> {
  return { aggregate: countSumAggregate<Ev>((e) => e.value), eventTimeOf: (e) => e.timestampMs, seriesOf, allowedLatenessMs, ...extra };
}

describe('WindowStore', () => {
  it('closes windows in order of start as the watermark passes windowEnd + allowedLateness', () => {
    const store = new WindowStore(options(10_000));
    for (const t of [2 * MIN + 5, 5, MIN + 7, 30, 3 * MIN]) store.add(ev(t));
    expect(store.openWindowStarts()).toEqual([0, MIN, 2 * MIN, 3 * MIN]);
    expect(store.advance(MIN + 9_999).closed).toEqual([]);
    const first = store.advance(2 * MIN + 10_000);
    expect(first.closed.map((w) => [w.key.windowStartMs, w.windowEndMs, w.state])).toEqual([
      [0, MIN, { count: 2, sum: 2 }],
      [MIN, 2 * MIN, { count: 1, sum: 1 }],
    ]);
    expect(store.advance(MIN).closed).toEqual([]); // a lower watermark is ignored
    expect(store.watermarkMs).toBe(2 * MIN + 10_000);
    expect(store.advance(Infinity).closed.map((w) => w.key.windowStartMs)).toEqual([2 * MIN, 3 * MIN]);
    expect(store.openWindowCount).toBe(0);
  });

  it('routes an event to the whole-version window and one window per segment, reported by series', () => {
    const store = new WindowStore(options(0));
    store.add(ev(1_000, 2, { region: 'eu', channel: 'web' }));
    store.add(ev(2_000, 3, { region: 'us' }));
    expect(store.openWindowCount).toBe(4);
    const { closed } = store.advance(MIN);
    expect(closed.map((w) => [w.key.segmentName, w.key.segmentValue, w.state.count, w.state.sum])).toEqual([
      ['', '', 2, 5],
      ['channel', 'web', 1, 2],
      ['region', 'eu', 1, 2],
      ['region', 'us', 1, 3],
    ]);
  });

  it('treats watermark == windowEnd + allowedLateness as closed, one millisecond less as open', () => {
    const lateness = 30_000;
    const open = new WindowStore(options(lateness));
    open.add(ev(0));
    open.advance(MIN + lateness - 1);
    expect(open.isClosed(0)).toBe(false);
    expect(open.add(ev(MIN - 1))).toBe('open');
    expect(open.advance(MIN + lateness).closed.map((w) => w.state)).toEqual([{ count: 2, sum: 2 }]);
    expect(open.isClosed(0)).toBe(true);
    expect(open.add(ev(MIN - 1))).toBe('late');
    expect(open.add(ev(MIN))).toBe('open'); // the next window is still open
  });

  it('counts late events as corrections merged per window, never drops them', () => {
    const store = new WindowStore(options(0));
    store.add(ev(10, 1));
    store.add(ev(MIN + 10, 1));
    expect(store.advance(2 * MIN).closed).toHaveLength(2);
    expect(store.add(ev(20, 5))).toBe('late');
    expect(store.add(ev(30, 7))).toBe('late');
    expect(store.add(ev(MIN + 30, 1, { region: 'eu' }))).toBe('late');
    // a window that never had an on-time event gets a correction too
    expect(store.add(ev(-MIN, 4))).toBe('late');
    expect(store.openWindowCount).toBe(0);
    const { closed, corrections } = store.advance(2 * MIN); // same watermark: only the output
    expect(closed).toEqual([]);
    expect(corrections.map((c) => [c.key.windowStartMs, c.key.segmentName, c.windowEndMs, c.state])).toEqual([
      [-MIN, '', 0, { count: 1, sum: 4 }],
      [0, '', MIN, { count: 2, sum: 12 }],
      [MIN, '', 2 * MIN, { count: 1, sum: 1 }],
      [MIN, 'region', 2 * MIN, { count: 1, sum: 1 }],
    ]);
    expect(store.drain()).toEqual({ closed: [], corrections: [] });
  });

  it('works with aggregates whose add returns a new state', () => {
    const immutable: MergeableAggregate<Ev, number> = { empty: () => 0, add: (s, e) => s + e.value, merge: (a, b) => a + b };
    const store = new WindowStore({ aggregate: immutable, eventTimeOf: (e: Ev) => e.timestampMs, seriesOf, allowedLatenessMs: 0 });
    store.add(ev(1, 2));
    store.add(ev(2, 3));
    const { closed } = store.advance(MIN);
    store.add(ev(3, 4));
    expect(closed.map((w) => w.state)).toEqual([5]);
    expect(store.drain().corrections.map((w) => w.state)).toEqual([4]);
  });

  it('closes the oldest window early past maxOpenWindowStarts, so its stragglers become corrections', () => {
    const store = new WindowStore(options(0, { maxOpenWindowStarts: 3 }));
    for (let i = 0; i < 10; i += 1) {
      store.add(ev(i * MIN));
      expect(store.openWindowStarts().length).toBeLessThanOrEqual(3);
    }
    expect(store.watermarkMs).toBe(7 * MIN);
    expect(store.add(ev(0))).toBe('late');
    const out = store.drain();
    expect(out.closed.map((w) => w.key.windowStartMs)).toEqual([0, MIN, 2 * MIN, 3 * MIN, 4 * MIN, 5 * MIN, 6 * MIN]);
    expect(out.corrections).toHaveLength(1);
  });

  it('continues exactly after a JSON checkpoint', () => {
    const events = [ev(5, 1, { r: 'a' }), ev(MIN + 1, 2), ev(2 * MIN, 3, { r: 'b' }), ev(10, 4)];
    const straight = new WindowStore(options(0));
    const before = new WindowStore(options(0));
    for (const e of events.slice(0, 3)) {
      straight.add(e);
      before.add(e);
    }
    straight.advance(MIN + 30_000);
    before.advance(MIN + 30_000);
    straight.add(ev(10, 4));
    before.add(ev(10, 4));
    const restored = WindowStore.fromJSON(JSON.parse(JSON.stringify(before.toJSON())), options(0));
    expect(restored.toJSON()).toEqual(before.toJSON());
    expect(restored.watermarkMs).toBe(MIN + 30_000);
    expect(restored.add(ev(MIN + 2, 1))).toBe('open');
    straight.add(ev(MIN + 2, 1));
    expect(restored.advance(Infinity)).toEqual(straight.advance(Infinity));
    expect(() => WindowStore.fromJSON(before.toJSON(), options(1))).toThrow(/allowedLatenessMs/);
    expect(new WindowStore(options(0)).toJSON().watermarkMs).toBeNull();
  });

  it('rejects bad options', () => {
    expect(() => new WindowStore(options(-1))).toThrow(RangeError);
    expect(() => new WindowStore(options(0, { sizeMs: 0 }))).toThrow(RangeError);
    expect(() => new WindowStore(options(0, { maxOpenWindowStarts: 0 }))).toThrow(RangeError);
    expect(() => new WindowStore(options(0)).advance(Number.NaN)).toThrow(RangeError);
  });
});
