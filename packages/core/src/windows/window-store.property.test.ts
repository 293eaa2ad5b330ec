import { describe, expect, it } from 'vitest';
import { seededRandom, type SeededRandom } from '../drift/seeded-random.ts';
import { countSumAggregate, type CountSum } from './aggregate.ts';
import { Watermark } from './watermark.ts';
import { seriesOf, windowKeyString, type SegmentedEvent } from './window-key.ts';
import { WindowStore, type WindowResult, type WindowStoreOptions } from './window-store.ts';
import { windowStart } from './window-time.ts';

interface Ev extends SegmentedEvent {
  readonly timestampMs: number;
  readonly value: number;
}

const SIZE = 60_000;
const T0 = Date.UTC(2026, 10, 28);

interface Stream {
  /** Arrival order, each with its partition. */
  readonly arrivals: { readonly event: Ev; readonly partition: string }[];
  readonly maxDisorderMs: number;
}

/**
 * `count` events one `stepMs` apart in event time, delivered in an order shuffled within
 * `maxDisorderMs`, round-robin over `partitions`; a fraction are stragglers delayed by up to 15 minutes.
 */
function makeStream(random: SeededRandom, count: number, stepMs: number, maxDisorderMs: number, partitions: number, stragglers: number): Stream {
  const keyed = [];
  for (let i = 0; i < count; i += 1) {
    const timestampMs = T0 + i * stepMs + random.nextInt(stepMs);
    const event: Ev = {
      modelId: random.next() < 0.7 ? 'fraud' : 'churn',
      modelVersion: String(1 + random.nextInt(2)),
      segments: random.next() < 0.5 ? { region: ['eu', 'us', 'apac'][random.nextInt(3)] ?? 'eu' } : {},
      timestampMs,
      value: random.nextInt(100),
    };
    const delay = random.next() < stragglers ? random.nextInt(15 * SIZE) : random.nextInt(maxDisorderMs);
    keyed.push({ event, arrival: timestampMs + delay });
  }
  keyed.sort((a, b) => a.arrival - b.arrival);
  return {
    arrivals: keyed.map(({ event }, i) => ({ event, partition: `p${i % partitions}` })),
    maxDisorderMs,
  };
}

function options(allowedLatenessMs: number): WindowStoreOptions<Ev, CountSum> {
  return { aggregate: countSumAggregate<Ev>((e) => e.value), eventTimeOf: (e) => e.timestampMs, seriesOf, allowedLatenessMs };
}

function batch(events: readonly Ev[]): Map<string, CountSum> {
  const totals = new Map<string, CountSum>();
  for (const e of events) {
    for (const s of seriesOf(e)) {
      const id = windowKeyString({ ...s, windowStartMs: windowStart(e.timestampMs, SIZE) });
      const total = totals.get(id) ?? { count: 0, sum: 0 };
      totals.set(id, { count: total.count + 1, sum: total.sum + e.value });
    }
  }
  return totals;
}

describe('WindowStore streaming equals batch', () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`seed ${seed}: closed windows plus corrections equal a batch count and sum per window`, () => {
      const random = seededRandom(seed);
      const lateness = [0, 10_000, SIZE, 3 * SIZE][seed % 4] ?? 0;
      const { arrivals } = makeStream(random, 4_000, 1_000 + random.nextInt(4_000), 20_000 + random.nextInt(120_000), 1 + random.nextInt(4), 0.03);
      const checkpointAt = random.nextInt(arrivals.length);

      let store = new WindowStore(options(lateness));
      let watermark = new Watermark({ idleTimeoutMs: 1_000_000 });
      const streamed = new Map<string, CountSum>();
      const closedOnce = new Set<string>();
      let lastClosedStart = -Infinity;
      let corrections = 0;
      const collect = (output: { closed: WindowResult<CountSum>[]; corrections: WindowResult<CountSum>[] }): void => {
        for (const w of output.closed) {
          const id = windowKeyString(w.key);
          expect(closedOnce.has(id)).toBe(false); // each window closes once
          expect(w.key.windowStartMs).toBeGreaterThanOrEqual(lastClosedStart); // in order
          lastClosedStart = w.key.windowStartMs;
          closedOnce.add(id);
        }
        for (const w of [...output.closed, ...output.corrections]) {
          const id = windowKeyString(w.key);
          const total = streamed.get(id) ?? { count: 0, sum: 0 };
          streamed.set(id, { count: total.count + w.state.count, sum: total.sum + w.state.sum });
        }
        corrections += output.corrections.length;
      };

      arrivals.forEach(({ event, partition }, i) => {
        if (i === checkpointAt) {
          store = WindowStore.fromJSON(JSON.parse(JSON.stringify(store.toJSON())), options(lateness));
          watermark = Watermark.fromJSON(JSON.parse(JSON.stringify(watermark.toJSON())), i, { idleTimeoutMs: 1_000_000 });
        }
        watermark.observe(partition, event.timestampMs, i);
        store.add(event);
        if (i % 7 === 0) collect(store.advance(watermark.current(i)));
      });
      collect(store.advance(Infinity));

      expect(store.openWindowCount).toBe(0);
      expect(streamed).toEqual(batch(arrivals.map((a) => a.event)));
      expect(corrections).toBeGreaterThan(0); // the stragglers were late, and counted
    });
  }
});

describe('WindowStore memory', () => {
  it('keeps open window starts within ceil((newest − watermark + lateness) / size) + 1, and within a constant as the stream grows', () => {
    const random = seededRandom(42);
    const stepMs = 500;
    const partitions = 4;
    const maxDisorderMs = 90_000;
    const lateness = 2 * SIZE;
    const { arrivals } = makeStream(random, 40_000, stepMs, maxDisorderMs, partitions, 0.01);
    const store = new WindowStore(options(lateness));
    const watermark = new Watermark();
    // Round-robin partitions: each partition's newest time is within 2·disorder + partitions·step of the
    // newest overall (one step of event time, plus jitter within a step, per arrival).
    const constantBound = Math.ceil((2 * maxDisorderMs + partitions * 2 * stepMs + lateness) / SIZE) + 1;
    let newest = -Infinity;
    let largest = 0;
    arrivals.forEach(({ event, partition }, i) => {
      watermark.observe(partition, event.timestampMs, i);
      if (store.add(event) === 'open') newest = Math.max(newest, event.timestampMs);
      store.advance(watermark.current(i));
      const open = store.openWindowStarts().length;
      largest = Math.max(largest, open);
      if (Number.isFinite(store.watermarkMs)) {
        expect(open).toBeLessThanOrEqual(Math.ceil((newest - store.watermarkMs + lateness) / SIZE) + 1);
      }
      expect(open).toBeLessThanOrEqual(constantBound);
      // series per start: 2 models × 2 versions × (all + 3 regions)
      expect(store.openWindowCount).toBeLessThanOrEqual(open * 16);
    });
    expect(largest).toBeGreaterThan(1);
  });
});
