import type { Clock } from './clock.ts';
import type { LabelOptions } from './label-delay.ts';
import type { Scenario } from './scenario.ts';
import type { SimulationProgress } from './simulation-result.ts';

export interface SimulationOptions {
  /** Same seed (and start time), same traffic, byte for byte. */
  readonly seed: number | string;
  /** How many models, drawn from the built-in templates (`buildModelCatalog`). */
  readonly models: number;
  /** Inference events per simulated second, over all models (a Poisson process). */
  readonly rate: number;
  /** Simulated milliseconds of traffic. */
  readonly durationMs: number;
  /**
   * Simulated seconds per real second: 1 is real time, 60 an hour a minute, Infinity as
   * fast as the sink takes it. Default 1.
   */
  readonly speed?: number;
  /** Epoch milliseconds of simulated time 0 (the first event's time); default now. */
  readonly startTime?: number;
  readonly scenario?: Scenario;
  /** How labels arrive; default the scenario's, else DEFAULT_LABEL_OPTIONS. */
  readonly labels?: LabelOptions;
  /** After the duration, keep the clock going (without new predictions) until every label due is sent. */
  readonly drainLabels?: boolean;
  /**
   * Keep going after the duration, the scenario starting over every `durationMs` (a drift
   * at 20-60% comes back each cycle), until the signal aborts. For demos that run for days.
   */
  readonly repeat?: boolean;
  /** Simulated milliseconds per batch; default a quarter of a real second, from 100 ms to 60 s. */
  readonly tickMs?: number;
  /** The most inference events in one sink call; default 5000. */
  readonly maxBatch?: number;
}

export interface RunControls {
  /** Stops the run early; the counts so far are returned with `aborted: true`. */
  readonly signal?: AbortSignal;
  readonly clock?: Clock;
  readonly onProgress?: (progress: SimulationProgress) => void;
  /** Real milliseconds between progress reports; default 5000. */
  readonly progressIntervalMs?: number;
}

/** Problems with the options, each a sentence; empty when they can run. */
export function checkOptions(options: SimulationOptions): string[] {
  const problems: string[] = [];
  const positive = (value: number | undefined, name: string, allowInfinity = false) => {
    if (value === undefined) return;
    if (Number.isNaN(value) || value <= 0 || (!allowInfinity && !Number.isFinite(value))) problems.push(`${name} must be a positive number, not ${value}`);
  };
  if (!Number.isInteger(options.models) || options.models < 1 || options.models > 10_000) problems.push(`models must be a whole number from 1 to 10000, not ${options.models}`);
  positive(options.rate, 'rate');
  positive(options.durationMs, 'duration');
  positive(options.speed, 'speed', true);
  positive(options.tickMs, 'tickMs');
  if (options.maxBatch !== undefined && (!Number.isInteger(options.maxBatch) || options.maxBatch < 1)) problems.push('maxBatch must be a whole number of at least 1');
  if (options.startTime !== undefined && (!Number.isFinite(options.startTime) || options.startTime < Date.UTC(2000, 0, 1) || options.startTime >= Date.UTC(2099, 0, 1))) {
    problems.push('startTime must be epoch milliseconds between 2000 and 2099');
  }
  if (typeof options.seed === 'number' && !Number.isFinite(options.seed)) problems.push('seed must be a finite number or a string');
  return problems;
}

/** Simulated milliseconds per batch for a speed: about four batches a real second. */
export function defaultTickMs(speed: number): number {
  if (!Number.isFinite(speed)) return 1000;
  return Math.min(60_000, Math.max(100, 250 * speed));
}
