import { loadavg } from 'node:os';
import { peakRssMiB } from './peak-memory.ts';
import { cpuByThreadName, processCpuUs, readThreads, splitCpu, THREAD_KINDS, type CpuSplit, type ThreadIds, type ThreadTicks } from './thread-cpu.ts';

/**
 * The measured interval of a bench phase, taken the same way in every phase. The clock starts
 * once the phase's slowest pipeline has handled the warm-up share of the events, and at least
 * its first batch: the consumer-group join, the first fetch, the first batch and the JIT's first
 * pass are outside the timing for every side alike. Only the events handled after the start are
 * counted. The clock stops at the phase's last step. At both ends it reads the process's CPU
 * (by kind of thread), the broker's CPU, the load average and memory.
 *
 * A phase may go on after its last event is in: a metrics phase then closes and evaluates every
 * window, and those windows hold the warm-up's events too. That tail is counted in proportion to
 * the measured events (measured / all events), in time and in CPU, so that leaving the warm-up
 * out does not charge the measured events with the closing work of the ones left out. Phases
 * without a tail (ingest, the raw consumer) are not affected; the tail is reported as it was.
 *
 * Between the ends, a reading is taken after a step at most every READ_EVERY_MS (about 0.5 ms of
 * main-thread time each, on every side alike), so an end that is only known afterwards (the last
 * counter move of a metrics phase) has a reading at most that long after it.
 */
const READ_EVERY_MS = 100;

interface Reading {
  readonly at: number;
  readonly peakRssMiB: number;
  readonly cpuUs: number;
  readonly threads: readonly ThreadTicks[];
  readonly brokerUs: number | undefined;
  readonly load: readonly number[];
}

export interface Measured {
  /** Events handled after the clock started. */
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  /** What was left outside: events handled before the start, and the time from the join to it. */
  readonly warmup: { readonly events: number; readonly seconds: number };
  /** From the last event in to the end, as measured; `share` of it is in seconds and CPU. */
  readonly tail: { readonly seconds: number; readonly cpuUs: number; readonly share: number };
  /** CPU microseconds over the interval, per kind of thread (thread-cpu.ts). */
  readonly cpuUs: CpuSplit;
  /** The same, per measured event. */
  readonly cpuUsPerEvent: CpuSplit;
  /** CPU microseconds by kind and name of thread, the busiest first. */
  readonly cpuUsByThread: Record<string, number>;
  /** The Kafka broker's CPU over the interval (all of its clients', not only this phase's). */
  readonly brokerCpuUs?: number;
  /** 1-, 5- and 15-minute load averages at the start and at the end. */
  readonly load: { readonly start: readonly number[]; readonly end: readonly number[] };
  readonly memory: {
    readonly peakRssMiB: number;
    readonly rssMiB: number;
    readonly heapUsedPeakMiB: number;
    readonly externalPeakMiB: number;
    readonly arrayBuffersPeakMiB: number;
  };
}

const MiB = 1024 * 1024;
const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits;

export class PhaseClock {
  private joinedAt: Reading;
  private start: Reading | undefined;
  private startHandled = 0;
  private last: Reading | undefined;
  /** When the slowest pipeline had handled every event. */
  private allIn: Reading | undefined;
  private lastChangeAt = 0;
  private pending = false;
  private readonly peaks = { heapUsed: 0, external: 0, arrayBuffers: 0 };

  /**
   * @param events   what the phase handles in all
   * @param warmup   share of the events before the clock starts (it starts after the first batch at the least)
   * @param ids      which thread is which, for the CPU split
   * @param brokerPid the broker's process id, when it is known
   */
  constructor(private readonly o: { events: number; warmup: number; ids: () => ThreadIds; brokerPid?: number }) {
    this.joinedAt = this.read(performance.now());
  }

  /** The consumer has joined its group (when that comes after the clock was made). */
  joined(): void {
    this.joinedAt = this.read(performance.now());
  }

  get started(): boolean {
    return this.start !== undefined;
  }

  /**
   * After each step or poll: `handled` is what the slowest pipeline has handled so far, `changed`
   * whether anything the phase waits for moved since the last call.
   */
  step(handled: number, changed: boolean): void {
    const now = performance.now();
    if (!this.start) {
      if (handled >= this.o.events) {
        // The first step handled everything (one fetch held it all): nothing can be left out,
        // so the clock runs from the join (warmup.events is then 0).
        this.start = this.last = this.joinedAt;
      } else if (handled > 0 && handled >= this.o.warmup * this.o.events) {
        this.start = this.last = this.read(now);
        this.startHandled = handled;
        this.lastChangeAt = now;
        return;
      } else return;
    }
    if (changed) {
      this.lastChangeAt = now;
      this.pending = true;
    }
    if (!this.allIn && handled >= this.o.events) {
      this.takeReading(now);
      this.allIn = this.last;
    } else if (this.pending && now - this.last!.at >= READ_EVERY_MS) this.takeReading(now);
  }

  /** The interval up to now: for a phase whose end is the step it is at. */
  stopNow(): Measured {
    const now = performance.now();
    this.lastChangeAt = now;
    this.takeReading(now);
    return this.result();
  }

  /** The interval up to the last change; its CPU up to the first reading after it. */
  stopAtLastChange(): Measured {
    if (this.pending) this.takeReading(performance.now());
    return this.result();
  }

  private takeReading(now: number): void {
    this.last = this.read(now);
    this.pending = false;
  }

  private read(at: number): Reading {
    const cpu = process.cpuUsage();
    const memory = process.memoryUsage();
    this.peaks.heapUsed = Math.max(this.peaks.heapUsed, memory.heapUsed);
    this.peaks.external = Math.max(this.peaks.external, memory.external);
    this.peaks.arrayBuffers = Math.max(this.peaks.arrayBuffers, memory.arrayBuffers);
    return { at, peakRssMiB: peakRssMiB(), cpuUs: cpu.user + cpu.system, threads: readThreads(), brokerUs: processCpuUs(this.o.brokerPid), load: loadavg() };
  }

  private result(): Measured {
    if (!this.start || !this.last) throw new Error('the phase ended before its clock started: fewer events than the warm-up share were handled');
    const start = this.start;
    const end = this.last;
    const allIn = this.allIn ?? end;
    const events = Math.max(0, this.o.events - this.startHandled);
    const share = events / Math.max(1, this.o.events);
    const tailSeconds = Math.max(0, this.lastChangeAt - allIn.at) / 1000;
    const seconds = (allIn.at - start.at) / 1000 + share * tailSeconds;
    const ids = this.o.ids();
    const head = splitCpu(start.threads, allIn.threads, allIn.cpuUs - start.cpuUs, ids);
    const tail = splitCpu(allIn.threads, end.threads, end.cpuUs - allIn.cpuUs, ids);
    const cpuUs = Object.fromEntries(['total', ...THREAD_KINDS].map((k) => [k, Math.round(head[k as keyof CpuSplit] + share * tail[k as keyof CpuSplit])])) as CpuSplit;
    const perEvent = Object.fromEntries(['total', ...THREAD_KINDS].map((k) => [k, round(cpuUs[k as keyof CpuSplit] / Math.max(1, events), 1)])) as CpuSplit;
    const memory = process.memoryUsage();
    return {
      events,
      seconds: round(seconds, 3),
      eventsPerSecond: seconds > 0 ? Math.round(events / seconds) : 0,
      warmup: { events: this.startHandled, seconds: round((start.at - this.joinedAt.at) / 1000, 3) },
      tail: { seconds: round(tailSeconds, 3), cpuUs: tail.total, share: round(share, 4) },
      cpuUs,
      cpuUsPerEvent: perEvent,
      cpuUsByThread: cpuByThreadName(start.threads, end.threads, ids),
      ...(start.brokerUs !== undefined && end.brokerUs !== undefined ? { brokerCpuUs: end.brokerUs - start.brokerUs } : {}),
      load: { start: start.load.map((x) => round(x)), end: end.load.map((x) => round(x)) },
      memory: {
        peakRssMiB: Math.round(end.peakRssMiB),
        rssMiB: Math.round(memory.rss / MiB),
        heapUsedPeakMiB: Math.round(Math.max(this.peaks.heapUsed, memory.heapUsed) / MiB),
        externalPeakMiB: Math.round(Math.max(this.peaks.external, memory.external) / MiB),
        arrayBuffersPeakMiB: Math.round(Math.max(this.peaks.arrayBuffers, memory.arrayBuffers) / MiB),
      },
    };
  }
}
