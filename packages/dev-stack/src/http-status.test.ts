import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { httpGetStatus } from './http-status.ts';

describe('httpGetStatus', () => {
  it('returns the status, or undefined when nothing listens', async () => {
    const server = http.createServer((req, res) => res.writeHead(req.url === '/ok' ? 200 : 404).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    expect(await httpGetStatus(`http://127.0.0.1:${port}/ok`)).toBe(200);
    expect(await httpGetStatus(`http://127.0.0.1:${port}/nope`)).toBe(404);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(await httpGetStatus(`http://127.0.0.1:${port}/ok`)).toBeUndefined();
  });
});
