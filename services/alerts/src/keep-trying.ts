import type { Logger } from '@modelwatch/telemetry';

/**
 * Runs `work` until it succeeds: for writes that must not be lost when the warehouse is down
 * for a while. Waits 200 ms, doubling up to 30 s, between tries and logs each failure. Once
 * `giveUp()` says so (a stop), it throws the error after a few more tries.
 */
export async function keepTrying(
  what: string,
  work: () => Promise<void>,
  options: { readonly log: Logger; readonly fields: Readonly<Record<string, unknown>>; readonly giveUp?: () => boolean },
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (options.giveUp?.() && attempt > 3) throw error;
      options.log.warn(`${what} failed; retried`, { error, ...options.fields });
      await new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 200 * 2 ** attempt)));
    }
  }
}
