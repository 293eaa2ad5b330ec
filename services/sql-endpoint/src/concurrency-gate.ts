import { EndpointError } from './endpoint-error.ts';

/**
 * At most `maxRunning` queries at once; the next `maxQueued` wait in order, each for at most
 * `queueTimeoutMs`. chDB runs queries on libuv's thread pool, which the rest of the process
 * (ingest's inserts, file I/O) shares, so the endpoint must not take all of it.
 */
export class ConcurrencyGate {
  private running = 0;
  private readonly waiting: Array<{ grant: () => void; timer: NodeJS.Timeout }> = [];

  constructor(
    readonly maxRunning: number,
    readonly maxQueued: number,
    readonly queueTimeoutMs: number,
  ) {
    if (!(maxRunning >= 1)) throw new RangeError('maxRunning must be at least 1');
  }

  get active(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Resolves to the release function once the query may run. */
  acquire(): Promise<() => void> {
    if (this.running < this.maxRunning) {
      this.running++;
      return Promise.resolve(this.releaser());
    }
    if (this.waiting.length >= this.maxQueued) return Promise.reject(this.tooMany());
    return new Promise((resolve, reject) => {
      const entry = {
        grant: () => {
          clearTimeout(entry.timer);
          resolve(this.releaser());
        },
        timer: setTimeout(() => {
          const at = this.waiting.indexOf(entry);
          if (at !== -1) this.waiting.splice(at, 1);
          reject(this.tooMany());
        }, this.queueTimeoutMs),
      };
      this.waiting.push(entry);
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next.grant();
      else this.running--;
    };
  }

  private tooMany(): EndpointError {
    return new EndpointError(
      'TOO_MANY_SIMULTANEOUS_QUERIES',
      `Too many simultaneous queries. Maximum: ${this.maxRunning} running and ${this.maxQueued} waiting up to ${this.queueTimeoutMs} ms`,
    );
  }
}
