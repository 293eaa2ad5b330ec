import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Wall-clock time and waiting: what pacing needs. Tests give a fake one, so a run paced at
 * `speed: 60` can be checked without waiting.
 */
export interface Clock {
  now(): number;
  /** Resolves after `ms`, or early (without throwing) when the signal aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const SYSTEM_CLOCK: Clock = {
  now: () => Date.now(),
  async sleep(ms, signal) {
    if (ms <= 0 || signal?.aborted) return;
    await sleep(ms, undefined, signal ? { signal } : {}).catch((error: unknown) => {
      if ((error as { name?: string }).name !== 'AbortError') throw error;
    });
  },
};
