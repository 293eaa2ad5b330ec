import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isProcessAlive, isProcessOurs, processCommandLine } from './process-identity.ts';

describe('process identity', () => {
  it('recognises this process by a marker in its command line', () => {
    expect(isProcessAlive(process.pid)).toBe(true);
    const command = processCommandLine(process.pid);
    if (command !== undefined) {
      expect(isProcessOurs(process.pid, process.argv[1] ?? 'node')).toBe(true);
      expect(isProcessOurs(process.pid, 'modelwatch.dev-stack.home=/nowhere')).toBe(false);
    }
  });

  it('treats an exited child as dead', async () => {
    const child = spawn(process.execPath, ['-e', '0']);
    await new Promise((resolve) => child.once('exit', resolve));
    expect(isProcessAlive(child.pid ?? -1)).toBe(false);
  });

  it('treats an unused pid as dead', () => {
    expect(isProcessAlive(2 ** 22 + 1)).toBe(false);
  });
});
