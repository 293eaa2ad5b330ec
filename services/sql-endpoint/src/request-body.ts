import type { FileHandle } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { pipeline, type Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { EndpointError } from './endpoint-error.ts';

/**
 * The request body, decompressed per Content-Encoding (gzip, deflate, br), as ClickHouse
 * accepts it. Other encodings are refused rather than read as garbage.
 */
export function decodedBody(req: IncomingMessage): { readonly stream: Readable; readonly encoding: string } {
  const encoding = String(req.headers['content-encoding'] ?? '').trim().toLowerCase();
  if (encoding === '' || encoding === 'identity' || encoding === 'none') return { stream: req, encoding: '' };
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? createGunzip()
      : encoding === 'deflate'
        ? createInflate()
        : encoding === 'br'
          ? createBrotliDecompress()
          : undefined;
  if (!decoder) {
    throw new EndpointError('UNSUPPORTED_MEDIA_TYPE', `Content-Encoding '${encoding.slice(0, 32)}' is not supported by the modelwatch SQL endpoint; use gzip, deflate or br`);
  }
  // pipeline() forwards errors (a broken stream, a client that went away) to the decoder.
  return { stream: pipeline(req, decoder, () => undefined), encoding };
}

export interface BodyHead {
  /** `prefix` followed by the first body bytes: at least `headBytes` of them, or all. */
  readonly head: Buffer;
  /** True when `head` holds the whole body. */
  readonly complete: boolean;
  /** The body after `head`. */
  readonly rest: AsyncIterator<Buffer>;
  /** Body bytes read so far (without the prefix). */
  readonly bodyBytes: number;
}

export class BodyLimits {
  constructor(
    readonly maxBodyBytes: number,
    readonly encoding: string,
  ) {}

  tooLarge(): EndpointError {
    return new EndpointError(
      'QUERY_IS_TOO_LARGE',
      `The request body is larger than ${this.maxBodyBytes} bytes${this.encoding ? ' once decompressed' : ''}, the limit of the modelwatch SQL endpoint (maxBodyBytes)`,
    );
  }

  /** A decoder's failure as ClickHouse names it; anything else passes through. */
  readFailure(error: unknown): unknown {
    const code = (error as { code?: unknown })?.code;
    if (typeof code === 'string' && code.startsWith('Z_')) return new EndpointError('ZLIB_INFLATE_FAILED', `inflate failed: ${(error as Error).message}`);
    if (typeof code === 'string' && code.startsWith('ERR__ERROR_')) {
      return new EndpointError('BROTLI_READ_FAILED', `brotli decode error: ${(error as Error).message}`);
    }
    return error;
  }
}

async function next(rest: AsyncIterator<Buffer>, limits: BodyLimits): Promise<IteratorResult<Buffer>> {
  try {
    return await rest.next();
  } catch (error) {
    throw limits.readFailure(error);
  }
}

/** Reads until `headBytes` of body are buffered or the body ends. */
export async function readHead(stream: Readable, prefix: Buffer, headBytes: number, limits: BodyLimits): Promise<BodyHead> {
  const rest = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const chunks: Buffer[] = prefix.length > 0 ? [prefix] : [];
  let bodyBytes = 0;
  while (bodyBytes < headBytes) {
    const r = await next(rest, limits);
    if (r.done) return { head: Buffer.concat(chunks), complete: true, rest, bodyBytes };
    bodyBytes += r.value.length;
    if (bodyBytes > limits.maxBodyBytes) throw limits.tooLarge();
    chunks.push(r.value);
  }
  return { head: Buffer.concat(chunks), complete: false, rest, bodyBytes };
}

/** Writes `first` and then the rest of the body to `file`, in writes of about 1 MiB. */
export async function spoolBody(file: FileHandle, first: Buffer, body: BodyHead, limits: BodyLimits): Promise<number> {
  let pending: Buffer[] = [first];
  let pendingBytes = first.length;
  let written = 0;
  let bodyBytes = body.bodyBytes;
  const flush = async () => {
    if (pendingBytes === 0) return;
    const data = pending.length === 1 ? pending[0]! : Buffer.concat(pending);
    await file.write(data);
    written += data.length;
    pending = [];
    pendingBytes = 0;
  };
  if (!body.complete) {
    for (let r = await next(body.rest, limits); !r.done; r = await next(body.rest, limits)) {
      bodyBytes += r.value.length;
      if (bodyBytes > limits.maxBodyBytes) throw limits.tooLarge();
      pending.push(r.value);
      pendingBytes += r.value.length;
      if (pendingBytes >= 1 << 20) await flush();
    }
  }
  await flush();
  return written;
}

/** Reads and drops the rest of a body in the background; past `maxBytes`, gives up via `abandon`. */
export function drainBody(rest: AsyncIterator<Buffer>, maxBytes: number, abandon: () => void): void {
  void (async () => {
    let bytes = 0;
    for (let r = await rest.next(); !r.done; r = await rest.next()) {
      bytes += r.value.length;
      if (bytes > maxBytes) {
        abandon();
        return;
      }
    }
  })().catch(() => undefined);
}
