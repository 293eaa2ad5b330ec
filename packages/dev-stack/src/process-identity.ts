import { readFileSync } from 'node:fs';

/** True while `pid` exists and is not a zombie (a zombie has exited but was not reaped yet). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    // /proc/<pid>/stat: "pid (comm) S ..."; comm may contain spaces and parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc (macOS): trust kill(0)
  }
}

/** The command line of `pid` joined with spaces (Linux), undefined where /proc is unavailable. */
export function processCommandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
  } catch {
    return undefined;
  }
}

/**
 * True when `pid` is alive and its command line contains `marker`: guards against a stale pid
 * file whose number the OS has since given to an unrelated process.
 */
export function isProcessOurs(pid: number, marker: string): boolean {
  if (!isProcessAlive(pid)) return false;
  const command = processCommandLine(pid);
  return command === undefined || command.includes(marker);
}
