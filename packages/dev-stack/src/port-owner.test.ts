import { existsSync } from 'node:fs';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { describePortOwner, findPortOwner, listeningInodes } from './port-owner.ts';

const SAMPLE = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:2384 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 31337 1 0000000000000000 100 0 0 10 0
   1: 0100007F:2384 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 31338 1 0000000000000000 20 4 30 10 -1
   2: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4242 1 0000000000000000 100 0 0 10 0
`;

describe('listeningInodes', () => {
  it('returns the inode of the LISTEN socket on the port only', () => {
    expect(listeningInodes(SAMPLE, 9092)).toEqual(['31337']);
    expect(listeningInodes(SAMPLE, 8080)).toEqual(['4242']);
    expect(listeningInodes(SAMPLE, 1)).toEqual([]);
  });
});

describe('findPortOwner', () => {
  it.runIf(existsSync('/proc/net/tcp'))('finds this very process behind a server it opened', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as net.AddressInfo;
      const owner = await findPortOwner(port);
      expect(owner?.pid).toBe(process.pid);
      expect(describePortOwner(owner)).toMatch(new RegExp(`^pid ${process.pid} \\(.*node`));
    } finally {
      server.close();
    }
  });

  it('describes an unknown owner', () => {
    expect(describePortOwner(undefined)).toMatch(/another process/);
  });
});
