import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDeployDir } from './deploy-dir.ts';
import { kafkaStatus, randomClusterId, renderServerProperties, startKafka, stopKafka } from './kafka-broker.ts';

const tempDataDir = () => mkdtempSync(path.join(tmpdir(), 'mw-kafka-'));

describe('renderServerProperties', () => {
  const text = renderServerProperties(path.join(defaultDeployDir(), 'kafka'), { port: 19192, controllerPort: 19193, logDirs: '/data/k' });
  const settings = new Map(
    text
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('#'))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const),
  );

  it('binds broker and controller to 127.0.0.1 on the given ports, with a static quorum', () => {
    expect(settings.get('listeners')).toBe('PLAINTEXT://127.0.0.1:19192,CONTROLLER://127.0.0.1:19193');
    expect(settings.get('advertised.listeners')).toBe('PLAINTEXT://127.0.0.1:19192');
    expect(settings.get('controller.quorum.voters')).toBe('1@127.0.0.1:19193');
    expect(settings.get('process.roles')).toBe('broker,controller');
    expect(settings.get('log.dirs')).toBe('/data/k');
  });

  it('suits a single node: replication 1, prompt group joins, ~2 MB records', () => {
    expect(settings.get('offsets.topic.replication.factor')).toBe('1');
    expect(settings.get('transaction.state.log.replication.factor')).toBe('1');
    expect(settings.get('transaction.state.log.min.isr')).toBe('1');
    expect(settings.get('group.initial.rebalance.delay.ms')).toBe('0');
    expect(Number(settings.get('message.max.bytes'))).toBeGreaterThanOrEqual(2 * 1024 * 1024);
  });
});

describe('randomClusterId', () => {
  it('looks like a Kafka Uuid', () => {
    for (let i = 0; i < 100; i++) expect(randomClusterId()).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
  });
});

describe('kafka lifecycle without a broker', () => {
  it('reports nothing running in an empty data dir, and stop is a no-op', async () => {
    const dataDir = tempDataDir();
    expect(await kafkaStatus({ dataDir })).toMatchObject({ running: false, ready: false });
    expect(await stopKafka({ dataDir })).toEqual({ wasRunning: false, forced: false });
  });

  it('refuses a port taken by someone else before downloading anything', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as net.AddressInfo;
      const error = await startKafka({ dataDir: tempDataDir(), port, controllerPort: port + 1 }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'port-in-use' });
      expect(String(error)).toMatch(new RegExp(`cannot start Kafka [\\d.]+: port ${port} on 127.0.0.1 is already taken`));
    } finally {
      server.close();
    }
  });
});
