import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { schemaRegistryStatus, schemaRegistryUrl, startSchemaRegistry, stopSchemaRegistry } from './schema-registry.ts';

const tempDataDir = () => mkdtempSync(path.join(tmpdir(), 'mw-registry-'));

describe('schema registry lifecycle without a registry', () => {
  it('serves the Confluent-compatible API under /apis/ccompat/v7', () => {
    expect(schemaRegistryUrl(8081)).toBe('http://127.0.0.1:8081/apis/ccompat/v7');
  });

  it('reports nothing running in an empty data dir, and stop is a no-op', async () => {
    const dataDir = tempDataDir();
    expect(await schemaRegistryStatus({ dataDir })).toMatchObject({ running: false, ready: false });
    expect(await stopSchemaRegistry({ dataDir })).toEqual({ wasRunning: false, forced: false });
  });

  it('refuses a port taken by someone else before downloading anything', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as net.AddressInfo;
      const error = await startSchemaRegistry({ dataDir: tempDataDir(), port }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'port-in-use' });
      expect(String(error)).toMatch(new RegExp(`cannot start Apicurio Registry [\\d.]+: port ${port} on 127.0.0.1 is already taken`));
    } finally {
      server.close();
    }
  });
});
