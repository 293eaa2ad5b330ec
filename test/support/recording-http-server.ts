import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly at: number;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** The body as JSON, or null. */
  readonly json: unknown;
}

/** What the server answers: a status and body, or `hang` to never answer (a timeout). */
export type Answer = { readonly status: number; readonly body?: unknown } | 'hang';

/**
 * A local HTTP server standing in for PagerDuty or a webhook receiver: records every request
 * and answers with `answer(request)` (default 202), so tests can fail it for a while.
 */
export class RecordingHttpServer {
  readonly requests: RecordedRequest[] = [];
  answer: (request: RecordedRequest) => Answer = () => ({ status: 202, body: { status: 'success', message: 'Event processed' } });
  private server: Server | undefined;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        let json: unknown = null;
        try {
          json = JSON.parse(body);
        } catch {
          json = null;
        }
        const request: RecordedRequest = { at: Date.now(), path: req.url ?? '/', headers: req.headers, body, json };
        this.requests.push(request);
        const answer = this.answer(request);
        if (answer === 'hang') return;
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body ?? {}));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = undefined;
  }
}
