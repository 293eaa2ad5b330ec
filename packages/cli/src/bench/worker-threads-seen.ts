import { readdirSync, readFileSync } from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import type { Worker as WorkerType } from 'node:worker_threads';

/**
 * The thread ids of the worker threads this process starts, for the CPU split of a bench phase
 * (thread-cpu.ts). Import it first: it replaces `worker_threads.Worker` with a subclass that
 * notes which "node" thread appeared while the constructor ran (Node starts the worker's thread
 * before the constructor returns). Only the bench's phase processes load it.
 */
const seen = new Set<number>();

function nodeThreads(): Set<number> {
  const tids = new Set<number>();
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      try {
        if (readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim() === 'node') tids.add(Number(tid));
      } catch {
        // ended meanwhile
      }
    }
  } catch {
    // not Linux: no split
  }
  return tids;
}

const workerThreads = createRequire(import.meta.url)('node:worker_threads') as { Worker: typeof WorkerType };
const Original = workerThreads.Worker;
workerThreads.Worker = class SeenWorker extends Original {
  constructor(...args: ConstructorParameters<typeof WorkerType>) {
    const before = nodeThreads();
    super(...args);
    for (const tid of nodeThreads()) if (!before.has(tid)) seen.add(tid);
  }
};
syncBuiltinESMExports();

export const workerThreadIds = (): ReadonlySet<number> => seen;
