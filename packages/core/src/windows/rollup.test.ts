import { describe, expect, it } from 'vitest';
import { countSumAggregate } from './aggregate.ts';
import { rollUp } from './rollup.ts';
import type { WindowKey } from './window-key.ts';
import { ROLLUP_MS } from './window-time.ts';

const series = { modelId: 'm', modelVersion: '1', segmentName: '', segmentValue: '' };
const at = (windowStartMs: number, s = series): WindowKey => ({ ...s, windowStartMs });

describe('rollUp', () => {
  it('merges one-minute windows and corrections into 5-minute views per series', () => {
    const agg = countSumAggregate<number>((v) => v);
    const eu = { ...series, segmentName: 'region', segmentValue: 'eu' };
    const views = rollUp(
      [
        { key: at(0), state: { count: 1, sum: 1 } },
        { key: at(4 * 60_000), state: { count: 2, sum: 5 } },
        { key: at(5 * 60_000), state: { count: 1, sum: 7 } },
        { key: at(60_000, eu), state: { count: 3, sum: 3 } },
        { key: at(0), state: { count: 1, sum: 10 } }, // a correction to the first window
      ],
      60_000,
      ROLLUP_MS['5m'],
      agg,
    );
    expect(views).toEqual([
      { key: at(0), windowEndMs: 300_000, state: { count: 4, sum: 16 } },
      { key: at(0, eu), windowEndMs: 300_000, state: { count: 3, sum: 3 } },
      { key: at(300_000), windowEndMs: 600_000, state: { count: 1, sum: 7 } },
    ]);
  });

  it('refuses base windows that are not on the base grid', () => {
    const agg = countSumAggregate<number>((v) => v);
    expect(() => rollUp([{ key: at(1), state: agg.empty() }], 60_000, ROLLUP_MS['1h'], agg)).toThrow(RangeError);
  });
});
