import { readFileSync } from 'node:fs';

/** The process's peak resident memory in MiB (VmHWM), as the kernel recorded it. */
export function peakRssMiB(): number {
  const status = readFileSync('/proc/self/status', 'utf8');
  const match = /^VmHWM:\s+(\d+) kB/m.exec(status);
  return match ? Number(match[1]) / 1024 : process.memoryUsage().rss / 1024 / 1024;
}
