import { describe, expect, it } from 'vitest';
import { ReplayGuard } from './replay-guard.ts';

describe('ReplayGuard', () => {
  it('looks up once per assignment and skips stored records across batches that do not line up', async () => {
    const lookups: string[] = [];
    // An earlier owner stored offsets 100..199 and died before committing.
    const guard = new ReplayGuard(async (topic, partition, from) => {
      lookups.push(`${topic}/${partition} from ${from}`);
      return new Set(Array.from({ length: 100 }, (_, i) => 100 + i).filter((o) => o >= from));
    });
    expect([...(await guard.storedIn('t', 0, 100, 149))!].length).toBe(50);
    guard.passed('t', 0, 149);
    const second = await guard.storedIn('t', 0, 150, 400);
    expect(second?.size).toBe(50);
    expect(Math.min(...second!)).toBe(150);
    guard.passed('t', 0, 400);
    expect(await guard.storedIn('t', 0, 401, 500)).toBeUndefined();
    expect(lookups).toEqual(['t/0 from 100']);
  });

  it('says nothing is stored when the lookup finds nothing, and looks again after a reset', async () => {
    let calls = 0;
    const guard = new ReplayGuard(async () => {
      calls++;
      return new Set();
    });
    expect(await guard.storedIn('t', 1, 0, 10)).toBeUndefined();
    expect(await guard.storedIn('t', 1, 11, 20)).toBeUndefined();
    guard.reset();
    expect(await guard.storedIn('t', 1, 21, 30)).toBeUndefined();
    expect(calls).toBe(2);
  });
});
