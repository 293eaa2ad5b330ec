import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { chooseResponseEncoding, compressBody } from './response-encoding.ts';

describe('response encoding', () => {
  it('picks what ClickHouse would, among what Node has', () => {
    expect(chooseResponseEncoding('gzip')).toBe('gzip');
    expect(chooseResponseEncoding('deflate, gzip, br, zstd')).toBe('br');
    expect(chooseResponseEncoding(['deflate'])).toBe('deflate');
    expect(chooseResponseEncoding('zstd')).toBeUndefined();
    expect(chooseResponseEncoding(undefined)).toBeUndefined();
  });

  it('compresses', async () => {
    const body = Buffer.from('1\t2\n'.repeat(1000));
    expect(gunzipSync(await compressBody(body, 'gzip', 3))).toEqual(body);
    expect(inflateSync(await compressBody(body, 'deflate', 3))).toEqual(body);
    expect(brotliDecompressSync(await compressBody(body, 'br', 3))).toEqual(body);
  });
});
