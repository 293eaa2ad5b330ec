import { describe, expect, it } from 'vitest';
import { modelWindowAggregate, seededRandom, windowKeyString, type WindowInput } from '@modelwatch/core';
import { PartitionWindows, type PartitionCheckpoint } from './partition-windows.ts';

const SIZE = 1000;
const LATENESS = 2000;
const aggregate = modelWindowAggregate();

interface Delta {
  readonly epoch: number;
  readonly key: string;
  readonly events: number;
}

/** One partition's records: event times mostly in order, some late beyond the lateness. */
function records(count: number, seed: number): { offset: number; time: number }[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, offset) => {
    let time = 10_000 + offset * 7;
    if (random.next() < 0.05) time -= 3000 + Math.floor(random.next() * 4000);
    return { offset, time };
  });
}

const input = (time: number): WindowInput => ({ kind: 'rejected', modelId: 'm', modelVersion: 'v', timestampMs: time });

/**
 * Runs the partition through crashes: processing stops at random points, the open windows are
 * lost, deltas after the last stored checkpoint are deleted, and a new owner replays from the
 * committed offset (the checkpoint's replayFrom, or an older commit).
 */
function runWithCrashes(all: { offset: number; time: number }[], seed: number, crashes: number): Delta[] {
  const random = seededRandom(seed);
  let deltas: Delta[] = [];
  let stored: PartitionCheckpoint | null = null;
  let committed = 0;
  const crashAt = new Set(Array.from({ length: crashes }, () => Math.floor(random.next() * all.length * 1.5)));
  let steps = 0;
  let finished = false;
  while (!finished) {
    const pw = new PartitionWindows({ aggregate, sizeMs: SIZE, allowedLatenessMs: LATENESS }, stored);
    deltas = deltas.filter((d) => d.epoch <= (stored?.epoch ?? 0));
    let position = committed;
    let watermark = -Infinity;
    let crashed = false;
    let sought = false;
    let flushesSinceRestore = 0;
    while (!crashed) {
      // kafkajs may deliver from an earlier offset (re-read after a rebalance) or a later one (its
      // position ran ahead of a restore): the windows skip the first and ask for a seek on the second.
      // (Right after a seek kafkajs delivers from the seek position.)
      const jitter = sought ? 1 : random.next();
      sought = false;
      if (jitter < 0.05) position = Math.max(0, position - Math.floor(random.next() * 60));
      else if (jitter < 0.08) position = Math.min(all.length - 1, position + Math.floor(random.next() * 60));
      const batch = all.slice(position, position + 1 + Math.floor(random.next() * 40));
      const gap = batch[0] ? pw.admit(batch[0].offset) : null;
      if (gap !== null) {
        position = gap.seekTo;
        sought = true;
        continue;
      }
      for (const r of batch) {
        pw.add(r.offset, [input(r.time)]);
        watermark = Math.max(watermark, r.time);
      }
      if (batch.length > 0) pw.passed(batch[batch.length - 1]!.offset);
      position += batch.length;
      const done = position >= all.length;
      // A flush: a watermark far past the end at the end of the stream closes everything.
      // Right after a restore the consumer has no watermark yet for a dozen flushes: those only drain.
      const output = flushesSinceRestore++ < 12 && !done ? pw.drain() : pw.advance(done ? Number.MAX_SAFE_INTEGER : watermark);
      const checkpoint = pw.nextCheckpoint();
      for (const r of [...output.closed, ...output.corrections]) deltas.push({ epoch: checkpoint.epoch, key: windowKeyString(r.key), events: r.state.events });
      if (crashAt.has(steps++)) {
        crashed = true; // after the deltas, before the checkpoint
        break;
      }
      if (pw.replayComplete) {
        stored = checkpoint;
        if (random.next() < 0.7) committed = checkpoint.replayFrom; // a commit can fail or lag
      }
      if (done && pw.replayComplete) {
        finished = true;
        break;
      }
    }
  }
  return deltas;
}

function totals(deltas: readonly Delta[]): Map<string, number> {
  const byWindow = new Map<string, number>();
  for (const d of deltas) byWindow.set(d.key, (byWindow.get(d.key) ?? 0) + d.events);
  return byWindow;
}

describe('PartitionWindows after crashes', () => {
  it('writes every event exactly once, whatever the crash points', () => {
    const all = records(3000, 1);
    const expected = totals(runWithCrashes(all, 2, 0));
    expect([...expected.values()].reduce((a, b) => a + b, 0)).toBe(3000);
    for (let seed = 3; seed < 100; seed++) {
      const got = totals(runWithCrashes(all, seed, 1 + (seed % 6)));
      const diff = [...expected].filter(([k, v]) => got.get(k) !== v).map(([k, v]) => `${k}: ${got.get(k)} != ${v}`);
      expect(diff, `seed ${seed}`).toEqual([]);
    }
  });
});
