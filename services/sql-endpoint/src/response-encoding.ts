import { promisify } from 'node:util';
import { brotliCompress, constants, deflate, gzip } from 'node:zlib';

export type ResponseEncoding = 'br' | 'gzip' | 'deflate';

const gzipAsync = promisify(gzip);
const deflateAsync = promisify(deflate);
const brotliAsync = promisify(brotliCompress);

/**
 * The encoding for a response to a client that set enable_http_compression=1. ClickHouse
 * (`chooseHTTPCompressionMethod`) looks for names in Accept-Encoding in the order zstd, br,
 * lz4, snappy, gzip, deflate, xz, bz2; Node 20's zlib has br, gzip and deflate of those.
 */
export function chooseResponseEncoding(acceptEncoding: string | string[] | undefined): ResponseEncoding | undefined {
  const list = Array.isArray(acceptEncoding) ? acceptEncoding.join(',') : (acceptEncoding ?? '');
  if (list.includes('br')) return 'br';
  if (list.includes('gzip')) return 'gzip';
  if (list.includes('deflate')) return 'deflate';
  return undefined;
}

/** `level` is http_zlib_compression_level (1-9, ClickHouse's default 3). */
export async function compressBody(body: Buffer, encoding: ResponseEncoding, level: number): Promise<Buffer> {
  switch (encoding) {
    case 'gzip':
      return gzipAsync(body, { level });
    case 'deflate':
      return deflateAsync(body, { level });
    case 'br':
      return brotliAsync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: level, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } });
  }
}
