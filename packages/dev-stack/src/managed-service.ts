import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DevStackError } from './dev-stack-error.ts';
import { withFileLock } from './file-lock.ts';
import { logExcerpt } from './log-tail.ts';
import { isPortOpen } from './port-check.ts';
import { describePortOwner, findPortOwner } from './port-owner.ts';
import { isProcessAlive, isProcessOurs } from './process-identity.ts';
import { waitUntil } from './wait-until.ts';

/**
 * A long-running local process (the Kafka broker, the schema registry) that outlives the
 * command that started it: spawned detached, found again through a pid file, recognised by a
 * marker in its command line, started and stopped under a lock file.
 */
export interface ServiceSpec {
  /** File-name stem: `kafka` gives kafka.pid, kafka.log, kafka.json. */
  readonly name: string;
  /** For messages: `Kafka 4.1.2`. */
  readonly title: string;
  /** Folder holding everything of this service. */
  readonly home: string;
  /** Ports it listens on; they must be free before it starts. */
  readonly ports: readonly number[];
  readonly startTimeoutMs: number;
  /**
   * Fetches, formats and writes configs (runs only when the service is not running), then
   * returns the command line, which must contain `marker`.
   */
  prepare(marker: string): Promise<{ command: string; args: string[] }>;
  /** True once the service answers. */
  isReady(): Promise<boolean>;
}

export interface ServiceFiles {
  readonly pidFile: string;
  readonly stateFile: string;
  readonly logFile: string;
  readonly lockFile: string;
}

export interface ServiceState {
  readonly pid: number;
  readonly ports: readonly number[];
  readonly startedAt: string;
}

export interface ServiceStart {
  readonly pid: number;
  readonly alreadyRunning: boolean;
}

export interface ServiceStop {
  readonly wasRunning: boolean;
  readonly pid?: number;
  /** True when it ignored SIGTERM and was killed. */
  readonly forced: boolean;
}

export function serviceFiles(home: string, name: string): ServiceFiles {
  return {
    pidFile: path.join(home, `${name}.pid`),
    stateFile: path.join(home, `${name}.json`),
    logFile: path.join(home, `${name}.log`),
    lockFile: path.join(home, `.${name}.lock`),
  };
}

/** What identifies our process: the JVM gets `-D<marker>`, a test double an argument. */
export function serviceMarker(home: string): string {
  return `modelwatch.dev-stack.home=${home}${path.sep}`;
}

/** The state of the service started from `home`, when that process is still alive. */
export function runningService(home: string, name: string): ServiceState | undefined {
  const files = serviceFiles(home, name);
  let pid: number;
  try {
    pid = Number(readFileSync(files.pidFile, 'utf8').trim());
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0 || !isProcessOurs(pid, serviceMarker(home))) return undefined;
  try {
    const state = JSON.parse(readFileSync(files.stateFile, 'utf8')) as ServiceState;
    return state.pid === pid ? state : { pid, ports: [], startedAt: '' };
  } catch {
    return { pid, ports: [], startedAt: '' };
  }
}

/**
 * Starts the service unless it already runs; either way waits until it answers. Idempotent and
 * safe to call from several processes at once.
 */
export async function startService(spec: ServiceSpec, log: (line: string) => void = () => {}): Promise<ServiceStart> {
  mkdirSync(spec.home, { recursive: true });
  const files = serviceFiles(spec.home, spec.name);
  return withFileLock(files.lockFile, async () => {
    const running = runningService(spec.home, spec.name);
    if (running) {
      if (running.ports.length > 0 && running.ports.join(',') !== spec.ports.join(',')) {
        throw new DevStackError(
          'port-mismatch',
          `${spec.title} from ${spec.home} already runs (pid ${running.pid}) on port(s) ${running.ports.join(', ')}, ` +
            `not ${spec.ports.join(', ')}; stop it first to change its ports`,
        );
      }
      await waitForReady(spec, files, running.pid, () => (isProcessAlive(running.pid) ? undefined : 'exited'));
      return { pid: running.pid, alreadyRunning: true };
    }
    removeRecord(files);

    for (const port of spec.ports) {
      if (await isPortOpen(port)) {
        const owner = describePortOwner(await findPortOwner(port));
        throw new DevStackError(
          'port-in-use',
          `cannot start ${spec.title}: port ${port} on 127.0.0.1 is already taken by ${owner}, which was not started ` +
            `from ${spec.home}. Stop that process or choose another port (--port).`,
          { port },
        );
      }
    }

    const { command, args } = await spec.prepare(serviceMarker(spec.home));
    if (existsSync(files.logFile)) renameSync(files.logFile, `${files.logFile}.1`);
    const out = openSync(files.logFile, 'a');
    let exited: string | undefined;
    let pid: number;
    try {
      const child = spawn(command, args, { cwd: spec.home, detached: true, stdio: ['ignore', out, out] });
      pid = await new Promise<number>((resolve, reject) => {
        child.once('spawn', () => resolve(child.pid ?? -1));
        child.once('error', reject);
      });
      child.once('exit', (code, signal) => (exited = signal ? `was killed by ${signal}` : `exited with code ${code}`));
      child.unref();
    } catch (error) {
      throw new DevStackError('start-failed', `cannot run ${command}: ${(error as Error).message}`, { cause: error });
    } finally {
      closeSync(out);
    }
    writeFileSync(files.pidFile, `${pid}\n`);
    const state: ServiceState = { pid, ports: [...spec.ports], startedAt: new Date().toISOString() };
    writeFileSync(files.stateFile, `${JSON.stringify(state, null, 2)}\n`);
    log(`${spec.title}: started pid ${pid}, waiting until it answers (log: ${files.logFile})`);

    try {
      await waitForReady(spec, files, pid, () => exited);
    } catch (error) {
      await terminate(pid, 10_000);
      removeRecord(files);
      throw error;
    }
    return { pid, alreadyRunning: false };
  });
}

/** SIGTERM, then SIGKILL after `timeoutMs`. Does nothing when the service is not running. */
export async function stopService(home: string, name: string, timeoutMs = 30_000): Promise<ServiceStop> {
  if (!existsSync(home)) return { wasRunning: false, forced: false };
  const files = serviceFiles(home, name);
  return withFileLock(files.lockFile, async () => {
    const running = runningService(home, name);
    if (!running) {
      removeRecord(files); // a stale pid file, if any
      return { wasRunning: false, forced: false };
    }
    const forced = await terminate(running.pid, timeoutMs);
    removeRecord(files);
    return { wasRunning: true, pid: running.pid, forced };
  });
}

async function waitForReady(spec: ServiceSpec, files: ServiceFiles, pid: number, exited: () => string | undefined): Promise<void> {
  const ready = await waitUntil(() => spec.isReady(), {
    timeoutMs: spec.startTimeoutMs,
    intervalMs: 300,
    failFast: () => {
      const how = exited();
      return how ? new DevStackError('start-failed', `${spec.title} (pid ${pid}) ${how} before it was ready; ${logExcerpt(files.logFile)}`) : undefined;
    },
  });
  if (!ready) {
    throw new DevStackError(
      'start-timeout',
      `${spec.title} (pid ${pid}) did not answer within ${Math.round(spec.startTimeoutMs / 1000)} s; ${logExcerpt(files.logFile)}`,
    );
  }
}

/** Returns true when SIGKILL was needed. */
async function terminate(pid: number, timeoutMs: number): Promise<boolean> {
  if (!signal(pid, 'SIGTERM')) return false;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isProcessAlive(pid)) return false;
    await sleep(200);
  }
  signal(pid, 'SIGKILL');
  for (let i = 0; i < 50 && isProcessAlive(pid); i++) await sleep(100);
  return true;
}

function signal(pid: number, name: NodeJS.Signals): boolean {
  try {
    process.kill(pid, name);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

function removeRecord(files: ServiceFiles): void {
  rmSync(files.pidFile, { force: true });
  rmSync(files.stateFile, { force: true });
}
