import type { CpuSplit } from './thread-cpu.ts';

/** The CPU-per-event columns of the bench's tables: total, then by kind of thread (thread-cpu.ts). */
export const CPU_HEADER = 'CPU us/event    main  libuv pool  workers   chDB  other node  exited';

export function cpuColumns(s: CpuSplit): string {
  const w = (x: number, n: number) => (Number.isFinite(x) ? x.toFixed(1) : '-').padStart(n);
  return `${w(s.total, 12)}  ${w(s.main, 6)}  ${w(s.libuvPool, 10)}  ${w(s.workers, 7)}  ${w(s.chdb, 5)}  ${w(s.otherNode, 10)}  ${w(s.exited, 6)}`;
}

export const CPU_LEGEND =
  '  CPU us/event: CPU microseconds of the phase process per measured event (process.cpuUsage), split by thread from /proc/self/task:' +
  ' main = the JS main thread; libuv pool = chDB queries and inserts called from JS (N-API async work) and file I/O;' +
  ' workers = worker threads; chDB = its named threads (pipelines, merges, background pools) and its unnamed ones;' +
  ' other node = V8\'s helpers (GC, compiler) and the module loader; exited = the process total minus the live threads\' (threads that ended, and the 10 ms ticks of /proc)\n';
