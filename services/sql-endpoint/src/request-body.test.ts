import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BodyLimits, decodedBody, readHead, spoolBody } from './request-body.ts';

const request = (chunks: Buffer[], headers: Record<string, string> = {}) => Object.assign(Readable.from(chunks), { headers }) as unknown as IncomingMessage;

describe('request body', () => {
  it('reads a head, then spools the rest', async () => {
    const chunks = [Buffer.from('INSERT INTO t FORMAT TSV\n'), Buffer.alloc(100, 'a'), Buffer.alloc(100, 'b')];
    const limits = new BodyLimits(1000, '');
    const body = await readHead(decodedBody(request(chunks)).stream, Buffer.from('pre\n'), 50, limits);
    expect(body.complete).toBe(false);
    expect(body.head.toString()).toMatch(/^pre\nINSERT INTO t FORMAT TSV\na{100}$/);
    const dir = await mkdtemp(join(tmpdir(), 'sql-endpoint-'));
    try {
      const file = await open(join(dir, 'x'), 'w');
      const written = await spoolBody(file, body.head.subarray(29), body, limits);
      await file.close();
      expect(written).toBe(200);
      expect((await readFile(join(dir, 'x'), 'latin1'))).toBe(`${'a'.repeat(100)}${'b'.repeat(100)}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('decompresses gzip and enforces the limit on the decompressed size', async () => {
    const zipped = gzipSync(Buffer.alloc(5000, 'x'));
    const ok = await readHead(decodedBody(request([zipped], { 'content-encoding': 'gzip' })).stream, Buffer.alloc(0), 1 << 20, new BodyLimits(10_000, 'gzip'));
    expect(ok.complete).toBe(true);
    expect(ok.head.length).toBe(5000);
    await expect(readHead(decodedBody(request([zipped], { 'content-encoding': 'gzip' })).stream, Buffer.alloc(0), 1 << 20, new BodyLimits(1000, 'gzip'))).rejects.toMatchObject({
      code: 229,
      httpStatus: 413,
    });
  });

  it('reports a broken gzip body and refuses unknown encodings', async () => {
    await expect(readHead(decodedBody(request([Buffer.from('not gzip')], { 'content-encoding': 'gzip' })).stream, Buffer.alloc(0), 100, new BodyLimits(1000, 'gzip'))).rejects.toMatchObject({
      code: 354,
    });
    expect(() => decodedBody(request([], { 'content-encoding': 'zstd' }))).toThrow(expect.objectContaining({ code: 779 }));
  });
});
