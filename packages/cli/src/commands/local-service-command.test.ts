import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DevStackError } from '@modelwatch/dev-stack';
import { UsageError } from '../cli-command.ts';
import { localServiceCommand, type LocalService } from './local-service-command.ts';

function sink(): { stream: Writable; text: () => string } {
  let text = '';
  return { stream: new Writable({ write: (chunk, _enc, done) => ((text += chunk), done()) }), text: () => text };
}

function fakeService(calls: string[], running = { value: false }): LocalService {
  return {
    label: 'thing',
    portFlags: ['port'],
    async start(_dir, ports) {
      calls.push(`start ${JSON.stringify(ports)}`);
      const already = running.value;
      running.value = true;
      return { alreadyRunning: already, pid: 42, logFile: 'thing.log', address: '127.0.0.1:1' };
    },
    async stop() {
      calls.push('stop');
      const was = running.value;
      running.value = false;
      return { wasRunning: was, pid: 42, forced: false };
    },
    async status() {
      return { running: running.value, ready: running.value, pid: 42, address: '127.0.0.1:1', logFile: 'thing.log' };
    },
  };
}

describe('localServiceCommand', () => {
  const run = async (service: LocalService, args: string[]) => {
    const out = sink();
    const err = sink();
    const command = localServiceCommand({ name: 'thing', summary: '', usage: '', service });
    const code = await command.run({ args, env: { MODELWATCH_DATA_DIR: '/tmp/x' }, cwd: '/', stdout: out.stream, stderr: err.stream });
    return { code, out: out.text(), err: err.text() };
  };

  it('starts, reports status with exit codes scripts can wait on, and stops', async () => {
    const calls: string[] = [];
    const service = fakeService(calls);
    expect(await run(service, ['status'])).toMatchObject({ code: 3, out: 'thing is not running (data dir /tmp/x)\n' });
    expect(await run(service, ['start', '--port', '7000'])).toMatchObject({ code: 0, out: 'thing started (pid 42): 127.0.0.1:1; log thing.log\n' });
    expect(await run(service, ['start'])).toMatchObject({ code: 0, out: 'thing already running (pid 42): 127.0.0.1:1; log thing.log\n' });
    expect((await run(service, ['status'])).code).toBe(0);
    expect(await run(service, ['stop'])).toMatchObject({ code: 0, out: 'thing stopped (pid 42)\n' });
    expect(calls).toEqual(['start {"port":7000}', 'start {}', 'stop']);
  });

  it('refuses bad command lines with a usage error', async () => {
    const service = fakeService([]);
    await expect(run(service, [])).rejects.toThrow(new UsageError('say start, stop or status'));
    await expect(run(service, ['restart'])).rejects.toThrow('unknown action "restart"; say start, stop or status');
    await expect(run(service, ['start', '--port', '0'])).rejects.toThrow('--port must be a port number (1-65535), got "0"');
    await expect(run(service, ['stop', '--port', '1'])).rejects.toThrow('--port go with "start"');
  });

  it('prints a dev-stack failure and exits 1', async () => {
    const service = { ...fakeService([]), start: async () => Promise.reject(new DevStackError('start-failed', 'java is missing: install openjdk-17-jre-headless')) };
    expect(await run(service, ['start'])).toMatchObject({ code: 1, err: 'java is missing: install openjdk-17-jre-headless\n' });
  });
});
