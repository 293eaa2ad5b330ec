import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '@modelwatch/telemetry';
import { ReceiverMultipleAckError, type App, type Receiver, type ReceiverEvent } from '@slack/bolt';
import { ReplayGuard } from './replay-guard.ts';
import { SLACK_SIGNATURE_HEADER, SLACK_TIMESTAMP_HEADER, SLACK_TIMESTAMP_TOLERANCE_SECONDS, verifySlackRequest } from './slack-signature.ts';

export const SLACK_EVENTS_PATH = '/slack/events';

export interface SignedReceiverOptions {
  readonly signingSecret: string;
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly log: Logger;
  /** Epoch ms; the signature's timestamp is checked against it. */
  readonly clock: () => number;
  /** Largest request body. Default 1 MiB (Slack's payloads are a few KiB). */
  readonly maxBodyBytes?: number;
  /** When a request nobody acknowledged gets an empty 200 anyway. Default 3 s, Slack's limit. */
  readonly ackTimeoutMs?: number;
}

class HttpFailure extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/**
 * A Bolt receiver on node:http that checks every request's signature and timestamp itself
 * (stale and future-dated ones alike) before Bolt sees it: POST /slack/events only, JSON event
 * bodies, form-encoded slash commands and interactive `payload=` bodies. `url_verification` is
 * answered here once signed; `ssl_check=1` is answered with an empty 200 and nothing else, as
 * Slack does not sign it.
 */
export class SignedHttpReceiver implements Receiver {
  private app: App | undefined;
  private server: Server | undefined;
  private readonly options: SignedReceiverOptions;
  private readonly replays = new ReplayGuard(SLACK_TIMESTAMP_TOLERANCE_SECONDS * 1000);

  constructor(options: SignedReceiverOptions) {
    this.options = options;
  }

  init(app: App): void {
    this.app = app;
  }

  start(): Promise<{ url: string }> {
    if (this.server !== undefined) return Promise.reject(new Error('the Slack receiver is already started'));
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        this.options.log.error('Slack request failed', { error });
        if (!res.headersSent) send(res, 500);
      });
    });
    server.requestTimeout = 30_000;
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host, () => {
        server.off('error', reject);
        const { port } = server.address() as AddressInfo;
        const host = this.options.host.includes(':') ? `[${this.options.host}]` : this.options.host;
        resolve({ url: `http://${host}:${port}${SLACK_EVENTS_PATH}` });
      });
    });
  }

  stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server === undefined) return Promise.resolve();
    return new Promise((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeIdleConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0];
    if (path !== SLACK_EVENTS_PATH) return drainAnd(req, res, 404);
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      return drainAnd(req, res, 405);
    }
    let rawBody: Buffer;
    try {
      rawBody = await readBody(req, this.options.maxBodyBytes ?? 1024 * 1024);
    } catch (error) {
      if (error instanceof HttpFailure) return send(res, error.status);
      throw error;
    }
    const mediaType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const isForm = mediaType === 'application/x-www-form-urlencoded';
    const form = isForm ? new URLSearchParams(rawBody.toString('utf8')) : undefined;
    if (form?.get('ssl_check') === '1') {
      // Slack's certificate check: nothing runs, whatever else the body holds.
      return send(res, 200);
    }

    const verdict = verifySlackRequest({
      signingSecret: this.options.signingSecret,
      signature: req.headers[SLACK_SIGNATURE_HEADER],
      timestamp: req.headers[SLACK_TIMESTAMP_HEADER],
      rawBody,
      nowMs: this.options.clock(),
    });
    if (!verdict.ok) {
      this.options.log.warn('refused a Slack request that is not signed by Slack', { reason: verdict.reason, remote: req.socket.remoteAddress });
      return send(res, 401);
    }
    // The canonical signature, not the header: `V0=` and upper-case hex are the same request.
    if (!this.replays.firstTime(verdict.signature, this.options.clock())) {
      // Slack's own Events API retries say so; they were handled the first time.
      if (req.headers['x-slack-retry-num'] !== undefined) return send(res, 200);
      this.options.log.warn('refused a replayed Slack request (a signature already used)', { remote: req.socket.remoteAddress });
      return send(res, 401);
    }

    let body: Record<string, unknown>;
    try {
      body = parseBody(mediaType, rawBody, form);
    } catch (error) {
      this.options.log.warn('refused a signed Slack request with a body that does not parse', { error, contentType: mediaType });
      return send(res, error instanceof HttpFailure ? error.status : 400);
    }

    if (body['type'] === 'url_verification') {
      return send(res, 200, JSON.stringify({ challenge: body['challenge'] }), 'application/json');
    }

    const app = this.app;
    if (app === undefined) throw new Error('the Slack receiver was started before a Bolt app took it');
    let acknowledged = false;
    const timer = setTimeout(() => {
      if (acknowledged) return;
      acknowledged = true;
      this.options.log.warn('a Slack request was not acknowledged in time; answered with an empty 200', { type: body['type'] });
      send(res, 200);
    }, this.options.ackTimeoutMs ?? 3000);
    timer.unref();
    const ack = async (response?: unknown): Promise<void> => {
      if (acknowledged) {
        if (res.headersSent) return;
        throw new ReceiverMultipleAckError();
      }
      acknowledged = true;
      clearTimeout(timer);
      if (response === undefined || response === null || response === '') send(res, 200);
      else if (typeof response === 'string') send(res, 200, response, 'text/plain; charset=utf-8');
      else send(res, 200, JSON.stringify(response), 'application/json');
    };
    const event: ReceiverEvent = { body, ack };
    const retryNum = header(req, 'x-slack-retry-num');
    if (retryNum !== undefined && /^\d+$/.test(retryNum)) event.retryNum = Number(retryNum);
    const retryReason = header(req, 'x-slack-retry-reason');
    if (retryReason !== undefined) event.retryReason = retryReason;
    try {
      await app.processEvent(event);
    } catch (error) {
      this.options.log.error('a Slack handler failed', { error, type: body['type'] });
      if (!acknowledged) {
        acknowledged = true;
        clearTimeout(timer);
        send(res, 500);
      }
      return;
    }
    if (!acknowledged) {
      // No listener for it (an event or action we do not handle): Slack only needs a 200.
      acknowledged = true;
      clearTimeout(timer);
      send(res, 200);
    }
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function parseBody(mediaType: string, rawBody: Buffer, form: URLSearchParams | undefined): Record<string, unknown> {
  if (form !== undefined) {
    const payload = form.get('payload');
    if (payload !== null) return asObject(JSON.parse(payload));
    return Object.fromEntries(form.entries());
  }
  if (mediaType === 'application/json') return asObject(JSON.parse(rawBody.toString('utf8')));
  throw new HttpFailure(415, `unsupported content type ${mediaType}`);
}

function asObject(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HttpFailure(400, 'the body is not a JSON object');
  return value as Record<string, unknown>;
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      reject(new HttpFailure(413, 'body too large'));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new HttpFailure(413, 'body too large'));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function drainAnd(req: IncomingMessage, res: ServerResponse, status: number): void {
  req.resume();
  send(res, status);
}

function send(res: ServerResponse, status: number, body?: string, contentType?: string): void {
  if (res.headersSent) return;
  if (body === undefined) {
    res.writeHead(status, { 'content-length': '0' });
    res.end();
    return;
  }
  res.writeHead(status, { 'content-type': contentType ?? 'text/plain; charset=utf-8', 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}
