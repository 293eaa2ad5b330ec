import { readdirSync, readFileSync } from 'node:fs';
import { pbkdf2 } from 'node:crypto';
import { promisify } from 'node:util';

/**
 * CPU time of this process's threads, read from /proc/self/task/<tid>/stat (utime + stime), and
 * who they are. Linux only: elsewhere `readThreads` returns an empty list and only the process
 * total (process.cpuUsage) is known.
 *
 * Node 20 names all of its own threads "node", so they are told apart by their thread id:
 * - the main thread has the process id;
 * - the libuv pool is found at the start by a burst of pbkdf2 calls, which Node runs on that
 *   pool (`findLibuvPool`); chDB runs its queries and inserts there too (through N-API async
 *   work), as well as Node's file system calls;
 * - worker threads are seen as they start (worker-threads-seen.ts);
 * - every thread with another name is chDB's (ThreadPool, MergeMutate, BgSchPool, ...), and so
 *   are the "node" threads that started after the phase began and are not worker threads (chDB
 *   leaves a few of its threads unnamed; Node starts its own before any phase code runs);
 * - the other "node" threads, there from the start, are V8's (garbage collection, compilation)
 *   and the module loader's.
 * A thread that ended between two readings takes its CPU time with it: that share is the
 * process total minus the threads still alive ("exited"), which also holds the rounding of the
 * threads' 10 ms ticks against process.cpuUsage's microseconds.
 */
export interface ThreadTicks {
  readonly tid: number;
  readonly name: string;
  /** utime + stime in clock ticks. */
  readonly ticks: number;
}

/** Linux's USER_HZ, the unit of /proc's utime and stime: 100 on every architecture Node runs on. */
const TICK_US = 10_000;

export type ThreadKind = 'main' | 'libuvPool' | 'workers' | 'chdb' | 'otherNode' | 'exited';
export const THREAD_KINDS: readonly ThreadKind[] = ['main', 'libuvPool', 'workers', 'chdb', 'otherNode', 'exited'];

/** Microseconds of CPU per kind of thread, and their sum (the process total). */
export type CpuSplit = Record<ThreadKind | 'total', number>;

/** One line of /proc/<pid>/task/<tid>/stat: the name is between the first '(' and the last ')'. */
export function parseStat(tid: number, line: string): ThreadTicks {
  const close = line.lastIndexOf(')');
  const fields = line.slice(close + 2).split(' ');
  // After the name: state(0) ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime(11) stime(12).
  return { tid, name: line.slice(line.indexOf('(') + 1, close), ticks: Number(fields[11]) + Number(fields[12]) };
}

export function readThreads(): ThreadTicks[] {
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return [];
  }
  const threads: ThreadTicks[] = [];
  for (const tid of tids) {
    try {
      threads.push(parseStat(Number(tid), readFileSync(`/proc/self/task/${tid}/stat`, 'utf8')));
    } catch {
      // The thread ended between the listing and the reading: its time is in "exited".
    }
  }
  return threads;
}

/** utime + stime of another process (the Kafka broker) in microseconds, or undefined if unreadable. */
export function processCpuUs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    return parseStat(pid, readFileSync(`/proc/${pid}/stat`, 'utf8')).ticks * TICK_US;
  } catch {
    return undefined;
  }
}

export interface ThreadIds {
  readonly main: number;
  readonly libuvPool: ReadonlySet<number>;
  readonly workers: ReadonlySet<number>;
  /** Every thread alive before the phase began (before modelwatch or kafkajs started). */
  readonly startup: ReadonlySet<number>;
}

export function kindOf(t: ThreadTicks, ids: ThreadIds): Exclude<ThreadKind, 'exited'> {
  if (t.tid === ids.main) return 'main';
  if (ids.libuvPool.has(t.tid)) return 'libuvPool';
  if (ids.workers.has(t.tid)) return 'workers';
  return t.name === 'node' && ids.startup.has(t.tid) ? 'otherNode' : 'chdb';
}

/**
 * CPU microseconds between two readings by kind and thread name ("chdb:ThreadPool",
 * "chdb:node" for chDB's unnamed threads), the busiest first: which pool does the work.
 */
export function cpuByThreadName(before: readonly ThreadTicks[], after: readonly ThreadTicks[], ids: ThreadIds): Record<string, number> {
  const start = new Map(before.map((t) => [t.tid, t.ticks]));
  const byName = new Map<string, number>();
  for (const t of after) {
    const us = (t.ticks - (start.get(t.tid) ?? 0)) * TICK_US;
    const key = `${kindOf(t, ids)}:${t.name}`;
    if (us > 0) byName.set(key, (byName.get(key) ?? 0) + us);
  }
  return Object.fromEntries([...byName].sort((a, b) => b[1] - a[1]));
}

/**
 * CPU per kind between two readings. A thread absent from the first reading started in between,
 * so all its time counts. `totalUs` is process.cpuUsage's user + system over the same interval.
 */
export function splitCpu(before: readonly ThreadTicks[], after: readonly ThreadTicks[], totalUs: number, ids: ThreadIds): CpuSplit {
  const start = new Map(before.map((t) => [t.tid, t.ticks]));
  const split: CpuSplit = { total: totalUs, main: 0, libuvPool: 0, workers: 0, chdb: 0, otherNode: 0, exited: 0 };
  let alive = 0;
  for (const t of after) {
    const us = (t.ticks - (start.get(t.tid) ?? 0)) * TICK_US;
    split[kindOf(t, ids)] += us;
    alive += us;
  }
  // Ticks are 10 ms: the difference can come out a few ticks below zero.
  split.exited = after.length === 0 ? 0 : Math.max(0, totalUs - alive);
  if (after.length === 0) split.otherNode = totalUs;
  return split;
}

/**
 * The libuv pool's thread ids: the "node" threads that run a burst of pbkdf2 calls, two per pool
 * thread of ~45 ms of CPU each (about 0.4 s of CPU in all, before any measured interval). Short
 * calls would not do: one thread can take most of them before the others wake.
 */
export async function findLibuvPool(): Promise<Set<number>> {
  const size = Number(process.env['UV_THREADPOOL_SIZE'] ?? 4);
  const before = new Map(readThreads().map((t) => [t.tid, t.ticks]));
  await Promise.all(Array.from({ length: 2 * size }, () => promisify(pbkdf2)('bench', 'salt', 150_000, 32, 'sha256')));
  const grew = readThreads()
    .filter((t) => t.name === 'node' && t.tid !== process.pid)
    .map((t) => ({ tid: t.tid, by: t.ticks - (before.get(t.tid) ?? 0) }));
  const most = Math.max(0, ...grew.map((g) => g.by));
  // A V8 helper may run a tick or two meanwhile; each of the pool's threads runs several.
  return new Set(grew.filter((g) => g.by >= Math.max(3, most / 4)).map((g) => g.tid));
}
