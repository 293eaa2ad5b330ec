import { readdir, readFile, readlink } from 'node:fs/promises';
import { processCommandLine } from './process-identity.ts';

export interface PortOwner {
  readonly pid: number;
  /** The owner's command line, when readable. */
  readonly command?: string;
}

/**
 * Socket inodes listening on `port`, from the text of /proc/net/tcp or /proc/net/tcp6
 * (columns: sl local_address rem_address st ... inode; state 0A is LISTEN).
 */
export function listeningInodes(procNetTcp: string, port: number): string[] {
  const inodes: string[] = [];
  for (const line of procNetTcp.split('\n').slice(1)) {
    const columns = line.trim().split(/\s+/);
    const local = columns[1];
    const state = columns[3];
    const inode = columns[9];
    if (local === undefined || state !== '0A' || inode === undefined) continue;
    const hexPort = local.slice(local.lastIndexOf(':') + 1);
    if (parseInt(hexPort, 16) === port) inodes.push(inode);
  }
  return inodes;
}

/**
 * Best effort, Linux only: which process listens on `port`. Undefined when /proc is missing or
 * the owner belongs to another user.
 */
export async function findPortOwner(port: number): Promise<PortOwner | undefined> {
  const inodes = new Set<string>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readFile(file, 'utf8').catch(() => '');
    for (const inode of listeningInodes(text, port)) inodes.add(`socket:[${inode}]`);
  }
  if (inodes.size === 0) return undefined;
  const pids = (await readdir('/proc').catch(() => [] as string[])).filter((name) => /^\d+$/.test(name));
  for (const pid of pids) {
    const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
    for (const fd of fds) {
      const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      if (inodes.has(target)) {
        const command = processCommandLine(Number(pid));
        return command === undefined ? { pid: Number(pid) } : { pid: Number(pid), command };
      }
    }
  }
  return undefined;
}

/** `pid 42 (java -jar app.jar ...)`, or `an unknown process` when it cannot be found. */
export function describePortOwner(owner: PortOwner | undefined): string {
  if (!owner) return 'another process (could not tell which)';
  const command = owner.command && owner.command.length > 160 ? `${owner.command.slice(0, 157)}...` : owner.command;
  return command ? `pid ${owner.pid} (${command})` : `pid ${owner.pid}`;
}
