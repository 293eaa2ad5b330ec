import { describe, expect, it } from 'vitest';
import { workerThreadIds } from './worker-threads-seen.ts';
import { readThreads } from './thread-cpu.ts';

describe.runIf(process.platform === 'linux')('workerThreadIds', () => {
  it('knows the thread of a worker started after it was loaded, through the ESM import of Worker', async () => {
    const { Worker } = await import('node:worker_threads');
    const worker = new Worker('const end = Date.now() + 150; while (Date.now() < end);', { eval: true });
    const ids = [...workerThreadIds()];
    expect(ids).toHaveLength(1);
    expect(readThreads().some((t) => t.tid === ids[0])).toBe(true);
    await new Promise((resolve) => worker.once('exit', resolve));
  });
});
