import { describe, expect, it } from 'vitest';
import { cpuByThreadName, findLibuvPool, parseStat, readThreads, splitCpu } from './thread-cpu.ts';

describe('thread CPU', () => {
  it('reads utime and stime after a name that holds spaces and parentheses', () => {
    const line = '4242 (Query (x) 1) S 1 4242 4242 0 -1 4194304 215 0 483 0 105 37 0 0 20 0 92 0 124647';
    expect(parseStat(4242, line)).toEqual({ tid: 4242, name: 'Query (x) 1', ticks: 142 });
  });

  it('splits CPU by kind of thread, counts threads started in between whole, and the rest as exited', () => {
    const ids = { main: 1, libuvPool: new Set([2]), workers: new Set([5]), startup: new Set([1, 2, 3, 6, 9]) };
    const before = [
      { tid: 1, name: 'node', ticks: 10 },
      { tid: 2, name: 'node', ticks: 0 },
      { tid: 3, name: 'ThreadPool', ticks: 4 },
      { tid: 9, name: 'MergeMutate', ticks: 1 },
    ];
    const after = [
      { tid: 1, name: 'node', ticks: 30 },
      { tid: 2, name: 'node', ticks: 5 },
      { tid: 3, name: 'ThreadPool', ticks: 6 },
      { tid: 4, name: 'node', ticks: 1 },
      { tid: 5, name: 'node', ticks: 7 },
      { tid: 6, name: 'node', ticks: 2 },
    ];
    // 4 is a "node" thread started after the phase began and not a worker: one of chDB's unnamed ones.
    expect(splitCpu(before, after, 420_000, ids)).toEqual({ total: 420_000, main: 200_000, libuvPool: 50_000, workers: 70_000, chdb: 30_000, otherNode: 20_000, exited: 50_000 });
    expect(cpuByThreadName(before, after, ids)).toEqual({ 'main:node': 200_000, 'workers:node': 70_000, 'libuvPool:node': 50_000, 'chdb:ThreadPool': 20_000, 'otherNode:node': 20_000, 'chdb:node': 10_000 });
  });

  it.runIf(process.platform === 'linux')('finds the libuv pool among this process threads', async () => {
    const pool = await findLibuvPool();
    expect(pool.size).toBeGreaterThanOrEqual(1);
    expect(pool.has(process.pid)).toBe(false);
    expect(readThreads().some((t) => pool.has(t.tid))).toBe(true);
  });
});
