import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CpuSplit } from './thread-cpu.ts';

const PHASE = fileURLToPath(new URL('./bench-phase.ts', import.meta.url));

/** The JSON line of a measured phase (bench-phase.ts, phase-clock.ts). */
export interface PhaseResult {
  phase: string;
  /** Events of the data set. */
  events: number;
  /** Events after the warm-up, the ones the time and the CPU are for. */
  measuredEvents: number;
  seconds: number;
  eventsPerSecond: number;
  peakRssMiB: number;
  warmup: { events: number; seconds: number };
  tail: { seconds: number; cpuUs: number; share: number };
  cpuUs: CpuSplit;
  cpuUsPerEvent: CpuSplit;
  cpuUsByThread: Record<string, number>;
  brokerCpuUs?: number;
  load: { start: number[]; end: number[] };
  memory: { peakRssMiB: number; rssMiB: number; heapUsedPeakMiB: number; externalPeakMiB: number; arrayBuffersPeakMiB: number };
}

/** A monitoring phase also says how many series-windows were open at most and what it left in the warehouse. */
export interface MonitorResult extends PhaseResult {
  openWindowsPeak: number;
  tables: Record<string, number>;
  counters: Record<string, number>;
  warnings?: Record<string, number>;
}

/** What every measured phase is given: bench-phase.ts's top comment lists the rest per phase. */
export interface PhaseContext {
  readonly nodeArgs: readonly string[];
  readonly broker: string;
  readonly brokerPid?: number;
  readonly warmup: number;
  readonly log: (m: string) => void;
}

/** Runs a measured phase of bench-phase.ts in a child process and returns its JSON line. */
export function phase<R extends PhaseResult = PhaseResult>(c: PhaseContext, name: string, options: Record<string, unknown>): Promise<R> {
  const all = { brokers: c.broker, warmup: c.warmup, ...(c.brokerPid ? { brokerPid: c.brokerPid } : {}), ...options };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...c.nodeArgs, '--import', 'tsx', PHASE, name, JSON.stringify(all)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.once('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !line.startsWith('{')) reject(new Error(`bench phase ${name} failed (exit ${code}): ${out}`));
      else {
        // Each result as it comes, so a long run that is stopped still shows what it measured.
        process.stderr.write(`phase result: ${line}\n`);
        resolve(JSON.parse(line) as R);
      }
    });
  });
}

/** Runs a setup step of bench-phase.ts (not measured) to its end. */
export function setupStep(name: string, options: Record<string, unknown>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', PHASE, name, JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`bench step ${name} failed (exit ${code})`))));
  });
}
