import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { isPortOpen } from './port-check.ts';

describe('isPortOpen', () => {
  it('sees a listening server and stops seeing it once closed', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    expect(await isPortOpen(port)).toBe(true);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(await isPortOpen(port)).toBe(false);
  });
});
