import cron from 'node-cron';

/**
 * Runs the scheduled checks (no data, labels overdue) on a cron expression in UTC. A tick that
 * finds the previous one still running is skipped, so a slow warehouse cannot pile them up.
 */
export function scheduleChecks(options: { cron: string; check: () => Promise<void>; onError: (error: unknown) => void }): () => Promise<void> {
  if (!cron.validate(options.cron)) throw new Error(`alerts.check_cron "${options.cron}" is not a cron expression; e.g. "* * * * *" checks every minute`);
  let running = false;
  const task = cron.schedule(
    options.cron,
    async () => {
      if (running) return;
      running = true;
      try {
        await options.check();
      } catch (error) {
        options.onError(error);
      } finally {
        running = false;
      }
    },
    { timezone: 'UTC', noOverlap: true },
  );
  return async () => {
    await task.stop();
  };
}
