import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitOptions {
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  /** Checked before every attempt; an error returned here ends the wait at once (e.g. the process died). */
  readonly failFast?: () => Error | undefined;
}

/** Polls `condition` until it holds (true) or the time is up (false). */
export async function waitUntil(condition: () => Promise<boolean>, options: WaitOptions): Promise<boolean> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const failure = options.failFast?.();
    if (failure) throw failure;
    if (await condition()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(Math.min(options.intervalMs ?? 250, Math.max(0, deadline - Date.now())));
  }
}
