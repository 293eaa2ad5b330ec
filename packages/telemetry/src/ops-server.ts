import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MetricsRegistry } from './metrics-registry.ts';

export interface HealthCheck {
  readonly name: string;
  /** Ready means this part can do its work now (connected, assigned, migrated). */
  ready(): boolean;
}

export interface OpsServer {
  readonly url: string;
  readonly port: number;
  addCheck(check: HealthCheck): void;
  close(): Promise<void>;
}

/**
 * The operational endpoints of a modelwatch process: `/metrics` (Prometheus), `/healthz`
 * (the process is alive) and `/readyz` (every started service reports ready).
 */
export async function startOpsServer(options: { host: string; port: number; metrics: MetricsRegistry }): Promise<OpsServer> {
  const checks: HealthCheck[] = [];
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/metrics') {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(options.metrics.render());
    } else if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
    } else if (path === '/readyz') {
      const waiting = checks.filter((c) => !c.ready()).map((c) => c.name);
      res
        .writeHead(waiting.length === 0 ? 200 : 503, { 'content-type': 'text/plain' })
        .end(waiting.length === 0 ? 'ready\n' : `not ready: ${waiting.join(', ')}\n`);
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /metrics, /healthz or /readyz\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}`,
    port,
    addCheck: (check) => checks.push(check),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
