import { describe, expect, it } from 'vitest';
import { ALL_SEGMENTS, compareWindowKeys, parseWindowKey, seriesKeyString, seriesOf, windowKeyString, type WindowKey } from './window-key.ts';

describe('seriesOf', () => {
  it('puts an event in the whole-version series and one series per segment, by segment name', () => {
    expect(seriesOf({ modelId: 'm', modelVersion: '2', segments: { region: 'eu', channel: 'web' } })).toEqual([
      { modelId: 'm', modelVersion: '2', segmentName: ALL_SEGMENTS, segmentValue: '' },
      { modelId: 'm', modelVersion: '2', segmentName: 'channel', segmentValue: 'web' },
      { modelId: 'm', modelVersion: '2', segmentName: 'region', segmentValue: 'eu' },
    ]);
  });

  it('gives an event without segments only the whole-version series', () => {
    expect(seriesOf({ modelId: 'm', modelVersion: '1' })).toHaveLength(1);
    expect(seriesOf({ modelId: 'm', modelVersion: '1', segments: null })).toHaveLength(1);
    // '' is reserved for the whole version
    expect(seriesOf({ modelId: 'm', modelVersion: '1', segments: { '': 'x' } })).toHaveLength(1);
  });
});

describe('window key strings', () => {
  it('round-trip and cannot collide through separators', () => {
    const key: WindowKey = { modelId: 'a:b', modelVersion: 'c', segmentName: 'd', segmentValue: '', windowStartMs: 60_000 };
    expect(parseWindowKey(windowKeyString(key))).toEqual(key);
    const other: WindowKey = { ...key, modelId: 'a', modelVersion: 'b:c' };
    expect(windowKeyString(other)).not.toBe(windowKeyString(key));
    expect(seriesKeyString(other)).not.toBe(seriesKeyString(key));
    expect(() => parseWindowKey('["a","b"]')).toThrow(TypeError);
  });

  it('order by window start, then series', () => {
    const a: WindowKey = { modelId: 'z', modelVersion: '1', segmentName: '', segmentValue: '', windowStartMs: 0 };
    const b: WindowKey = { ...a, modelId: 'a', windowStartMs: 60_000 };
    const c: WindowKey = { ...b, modelId: 'b' };
    expect([c, b, a].sort(compareWindowKeys)).toEqual([a, b, c]);
    expect(compareWindowKeys(a, { ...a })).toBe(0);
  });
});
