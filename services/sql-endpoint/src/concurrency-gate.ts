import { EndpointError } from './endpoint-error.ts';

export interface ConcurrencyLimits {
  /** Queries running at once, all users together. */
  readonly maxRunning: number;
  /** Of those, kept for users who are not read-only (admins and writers): analysts never take them. */
  readonly reservedForWriters: number;
  /** Queries one read-only user may run at once. */
  readonly maxRunningPerUser: number;
  /** Queries waiting for a turn, all users together, before 202 TOO_MANY_SIMULTANEOUS_QUERIES. */
  readonly maxQueued: number;
  /** Queries one read-only user may have waiting. */
  readonly maxQueuedPerUser: number;
  /** Longest wait for a turn. */
  readonly queueTimeoutMs: number;
}

export interface Caller {
  readonly name: string;
  readonly readonly: boolean;
}

interface Waiter {
  readonly caller: Caller;
  readonly grant: () => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * Turns to run queries. chDB runs each query on a thread of libuv's pool, which the rest of
 * the process (ingest's inserts, file I/O) shares, so the endpoint takes only part of it. So
 * that no analyst can take every turn, each read-only user has a share, and some turns are kept
 * for users who may write (admins, and modelwatch processes writing through the endpoint),
 * which are limited only by the total. Waiters are served in order, skipping those whose own
 * limit is reached.
 */
export class ConcurrencyGate {
  private runningAll = 0;
  private runningReadonly = 0;
  private readonly runningByUser = new Map<string, number>();
  private readonly waiting: Waiter[] = [];

  constructor(readonly limits: ConcurrencyLimits) {
    if (!(limits.maxRunning >= 1)) throw new RangeError('maxRunning must be at least 1');
    if (!(limits.reservedForWriters >= 0 && limits.reservedForWriters < limits.maxRunning)) {
      throw new RangeError('reservedForWriters must be at least 0 and less than maxRunning');
    }
    if (!(limits.maxRunningPerUser >= 1)) throw new RangeError('maxRunningPerUser must be at least 1');
  }

  get maxRunning(): number {
    return this.limits.maxRunning;
  }

  get active(): number {
    return this.runningAll;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Resolves to the release function once the caller's query may run. */
  acquire(caller: Caller): Promise<() => void> {
    // Whoever waits is waiting for a limit that this caller may not share (a per-user one).
    if (this.mayRun(caller)) return Promise.resolve(this.start(caller));
    const queuedForUser = caller.readonly ? this.waiting.filter((w) => w.caller.name === caller.name).length : 0;
    if (this.waiting.length >= this.limits.maxQueued || queuedForUser >= this.limits.maxQueuedPerUser) return Promise.reject(this.tooMany());
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        caller,
        grant: () => {
          clearTimeout(waiter.timer);
          resolve(this.start(caller));
        },
        timer: setTimeout(() => {
          const at = this.waiting.indexOf(waiter);
          if (at !== -1) this.waiting.splice(at, 1);
          reject(this.tooMany());
        }, this.limits.queueTimeoutMs),
      };
      this.waiting.push(waiter);
    });
  }

  private mayRun(caller: Caller): boolean {
    const { maxRunning, reservedForWriters, maxRunningPerUser } = this.limits;
    if (this.runningAll >= maxRunning) return false;
    if (!caller.readonly) return true;
    return (this.runningByUser.get(caller.name) ?? 0) < maxRunningPerUser && this.runningReadonly < maxRunning - reservedForWriters;
  }

  private start(caller: Caller): () => void {
    this.runningAll++;
    if (caller.readonly) this.runningReadonly++;
    this.runningByUser.set(caller.name, (this.runningByUser.get(caller.name) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.runningAll--;
      if (caller.readonly) this.runningReadonly--;
      const left = (this.runningByUser.get(caller.name) ?? 1) - 1;
      if (left === 0) this.runningByUser.delete(caller.name);
      else this.runningByUser.set(caller.name, left);
      this.grantWaiting();
    };
  }

  private grantWaiting(): void {
    for (let i = 0; i < this.waiting.length; ) {
      const waiter = this.waiting[i]!;
      if (this.mayRun(waiter.caller)) {
        this.waiting.splice(i, 1);
        waiter.grant();
      } else {
        i++;
      }
    }
  }

  private tooMany(): EndpointError {
    const { maxRunning, maxRunningPerUser, maxQueued, maxQueuedPerUser, queueTimeoutMs } = this.limits;
    return new EndpointError(
      'TOO_MANY_SIMULTANEOUS_QUERIES',
      `Too many simultaneous queries. Maximum: ${maxRunning} running (${maxRunningPerUser} per read-only user) and ${maxQueued} waiting (${maxQueuedPerUser} per read-only user) up to ${queueTimeoutMs} ms`,
    );
  }
}
