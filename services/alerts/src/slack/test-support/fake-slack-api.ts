import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake Slack received. */
export interface RecordedCall {
  /** `chat.postMessage` for Web API calls; the path (e.g. `/respond/1`) for response_url posts. */
  readonly method: string;
  readonly path: string;
  readonly authorization: string | undefined;
  readonly contentType: string | undefined;
  /** JSON or form body, parsed. */
  readonly body: Record<string, unknown>;
}

export interface FakeReply {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  readonly body: unknown;
}

/**
 * A local stand-in for Slack: the Web API under `/api/METHOD` and response URLs under `/respond/…`.
 * Records every request; answers `{ ok: true, channel, ts }` (auth.test: the bot's identity)
 * unless a reply is queued for the method with `failNext`.
 */
export class FakeSlackApi {
  readonly calls: RecordedCall[] = [];
  private server: Server | undefined;
  private base = '';
  private tsCounter = 0;
  private readonly queued = new Map<string, FakeReply[]>();
  private waiters: { predicate: (c: RecordedCall) => boolean; resolve: (c: RecordedCall) => void }[] = [];

  async start(): Promise<this> {
    const server = createServer((req, res) => {
      void readAll(req).then((raw) => {
        const path = (req.url ?? '/').split('?')[0] as string;
        const method = path.startsWith('/api/') ? path.slice('/api/'.length) : path;
        const contentType = req.headers['content-type'];
        const call: RecordedCall = { method, path, authorization: req.headers.authorization, contentType, body: parseBody(raw, contentType) };
        this.calls.push(call);
        const reply = this.queued.get(method)?.shift() ?? this.defaultReply(call);
        res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
        res.end(JSON.stringify(reply.body));
        this.waiters = this.waiters.filter((w) => {
          if (!w.predicate(call)) return true;
          w.resolve(call);
          return false;
        });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  /** For `slackApiUrl` / `apiUrl`. */
  get apiUrl(): string {
    return `${this.base}/api/`;
  }

  responseUrl(id: string): string {
    return `${this.base}/respond/${id}`;
  }

  /** The next `count` calls of `method` get `reply`. */
  failNext(method: string, reply: FakeReply, count = 1): void {
    const list = this.queued.get(method) ?? [];
    for (let i = 0; i < count; i++) list.push(reply);
    this.queued.set(method, list);
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves with the first call (already made or coming) that matches. */
  waitFor(predicate: (c: RecordedCall) => boolean, timeoutMs = 5000): Promise<RecordedCall> {
    const seen = this.calls.find(predicate);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching call to the fake Slack within ${timeoutMs} ms; calls: ${this.calls.map((c) => c.method).join(', ')}`)), timeoutMs);
      this.waiters.push({
        predicate,
        resolve: (c) => {
          clearTimeout(timer);
          resolve(c);
        },
      });
    });
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private defaultReply(call: RecordedCall): FakeReply {
    if (call.method === 'auth.test') return { body: { ok: true, url: 'https://acme.slack.com/', team: 'Acme', user: 'modelwatch', team_id: 'T0001', user_id: 'UBOT', bot_id: 'BBOT' } };
    if (call.method.startsWith('/respond/')) return { body: { ok: true } };
    this.tsCounter += 1;
    const channel = typeof call.body['channel'] === 'string' ? call.body['channel'] : 'C0000';
    const ts = typeof call.body['ts'] === 'string' && call.method === 'chat.update' ? call.body['ts'] : `1714564800.${String(this.tsCounter).padStart(6, '0')}`;
    return { body: { ok: true, channel: channel.startsWith('#') ? 'C0ALERTS' : channel, ts } };
  }
}

function readAll(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The Web API client sends form bodies whose object fields (blocks) are JSON strings; they come back parsed. */
function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (raw === '') return {};
  if (contentType?.startsWith('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    if ((value.startsWith('[') || value.startsWith('{')) && isJson(value)) out[key] = JSON.parse(value);
    else out[key] = value;
  }
  return out;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
