import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runningService, serviceFiles, startService, stopService, type ServiceSpec } from './managed-service.ts';
import { isPortOpen } from './port-check.ts';
import { isProcessAlive } from './process-identity.ts';

/** A stand-in service: a node process listening on a port (after `delayMs`), optionally deaf to SIGTERM. */
const SERVER = `
const [marker, port, delayMs, ignoreTerm] = process.argv.slice(1);
if (ignoreTerm === 'yes') process.on('SIGTERM', () => console.log('ignoring SIGTERM'));
if (Number(port) === 0) { console.log('crashing on purpose'); process.exit(3); }
setTimeout(() => require('node:net').createServer().listen(Number(port), '127.0.0.1', () => console.log('listening', marker)), Number(delayMs));
`;

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const homes: string[] = [];

function fakeService(port: number, options: { delayMs?: number; ignoreTerm?: boolean; timeoutMs?: number } = {}): ServiceSpec {
  const home = path.join(mkdtempSync(path.join(tmpdir(), 'svc-')), 'fake');
  homes.push(home);
  return {
    name: 'fake',
    title: 'Fake service',
    home,
    ports: [port],
    startTimeoutMs: options.timeoutMs ?? 10_000,
    prepare: async (marker) => ({
      command: process.execPath,
      args: ['-e', SERVER, marker, String(port), String(options.delayMs ?? 100), options.ignoreTerm ? 'yes' : 'no'],
    }),
    isReady: () => isPortOpen(port),
  };
}

afterEach(async () => {
  for (const home of homes.splice(0)) await stopService(home, 'fake', 2000);
});

describe('managed service', () => {
  it('starts detached, is idempotent, and stops', async () => {
    const port = await freePort();
    const spec = fakeService(port);
    const first = await startService(spec);
    expect(first.alreadyRunning).toBe(false);
    expect(await isPortOpen(port)).toBe(true);
    expect(readFileSync(serviceFiles(spec.home, 'fake').pidFile, 'utf8').trim()).toBe(String(first.pid));
    expect(readFileSync(serviceFiles(spec.home, 'fake').logFile, 'utf8')).toContain('listening modelwatch.dev-stack.home=');

    const second = await startService(spec);
    expect(second).toEqual({ pid: first.pid, alreadyRunning: true });
    expect(runningService(spec.home, 'fake')?.ports).toEqual([port]);

    expect(await stopService(spec.home, 'fake')).toEqual({ wasRunning: true, pid: first.pid, forced: false });
    expect(isProcessAlive(first.pid)).toBe(false);
    expect(await isPortOpen(port)).toBe(false);
    expect(existsSync(serviceFiles(spec.home, 'fake').pidFile)).toBe(false);
    expect(await stopService(spec.home, 'fake')).toEqual({ wasRunning: false, forced: false });
  });

  it('refuses a port held by a process that is not ours, naming it', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as net.AddressInfo;
      const error = await startService(fakeService(port)).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'port-in-use', port });
      expect(String(error)).toMatch(new RegExp(`port ${port} on 127.0.0.1 is already taken by .*${process.platform === 'linux' ? `pid ${process.pid}` : ''}`));
    } finally {
      server.close();
    }
  });

  it('reports a service that dies during start, with its log', async () => {
    const error = await startService(fakeService(0)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'start-failed' });
    expect(String(error)).toMatch(/exited with code 3 before it was ready; last lines of .*fake\.log:\ncrashing on purpose/);
  });

  it('gives up on a service that never answers and kills it', async () => {
    const port = await freePort();
    const spec = fakeService(port, { delayMs: 60_000, timeoutMs: 800 });
    const error = await startService(spec).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'start-timeout' });
    expect(runningService(spec.home, 'fake')).toBeUndefined();
  });

  it('kills a service that ignores SIGTERM', async () => {
    const port = await freePort();
    const spec = fakeService(port, { ignoreTerm: true });
    const { pid } = await startService(spec);
    expect(await stopService(spec.home, 'fake', 500)).toEqual({ wasRunning: true, pid, forced: true });
    expect(isProcessAlive(pid)).toBe(false);
  });

  it('refuses to restart on other ports while running', async () => {
    const port = await freePort();
    const spec = fakeService(port);
    await startService(spec);
    const error = await startService({ ...spec, ports: [port + 1] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'port-mismatch' });
    expect(String(error)).toMatch(/already runs .* on port\(s\) \d+, not \d+; stop it first/);
  });
});
