import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ruleToData, silenceState, type AlertsApiClient } from '@modelwatch/core';
import type { Logger } from '@modelwatch/telemetry';
import type { AlertEngine } from '../alert-engine.ts';
import { requireRole, type AlertControl } from '../commands/alert-control.ts';
import { parseDuration } from '../slack/slash-command.ts';
import { CommandError } from '../slack/alert-commands.ts';
import { authenticate } from './api-auth.ts';

const MAX_BODY_BYTES = 256 * 1024;

export interface AlertsApi {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * The alerts HTTP API (JSON):
 * - `GET /api/v1/alerts`, `GET /api/v1/groups`; `POST /api/v1/alerts/{id}/ack` and `/resolve`;
 * - `GET /api/v1/rules`, `PUT /api/v1/rules/{id}` (a rule as in the rules file), `DELETE /api/v1/rules/{id}`;
 * - `GET /api/v1/silences`, `POST /api/v1/silences` `{ matchers, duration, comment }`, `DELETE /api/v1/silences/{id}`.
 * Reading needs the viewer role, alerts and silences on-call, rules admin; every change is on the control log.
 * Every refused request gets a 4xx with what to fix and is logged (method, path, status, reason;
 * never the token or the body).
 */
export async function startAlertsApi(options: {
  host: string;
  port: number;
  clients: readonly AlertsApiClient[];
  engine: AlertEngine;
  control: AlertControl;
  now: () => number;
  log: Logger;
}): Promise<AlertsApi> {
  const { engine, control } = options;
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const auth = authenticate(req, options.clients);
    if (!auth.ok) throw new ApiError(auth.status, auth.message);
    const actor = auth.actor;
    const pathname = pathOf(req);
    const parts = pathSegments(pathname);
    if (parts[0] !== 'api' || parts[1] !== 'v1') throw new ApiError(404, 'not found; the API is under /api/v1 (alerts, groups, rules, silences)');
    const [, , resource, id, action] = parts;
    const method = req.method ?? 'GET';
    const now = options.now();
    if (resource === 'alerts' && method === 'GET' && !id) {
      const alerts = (await control.activeAlerts()).map((a) => ({ ...a, muted: engine.dispatcher.muted(a.fingerprint) }));
      return send(res, 200, { alerts });
    }
    if (resource === 'alerts' && method === 'POST' && id && (action === 'ack' || action === 'resolve')) {
      const result = action === 'ack' ? await control.acknowledge(actor, id) : await control.resolve(actor, id);
      return send(res, 200, result);
    }
    if (resource === 'groups' && method === 'GET' && !id) return send(res, 200, { groups: engine.dispatcher.groups() });
    if (resource === 'rules' && method === 'GET') {
      if (!id) return send(res, 200, { rules: engine.currentRules().map(ruleToData) });
      const rule = engine.rule(id);
      if (!rule) throw new ApiError(404, `no rule ${id}; GET /api/v1/rules lists them`);
      return send(res, 200, ruleToData(rule));
    }
    if (resource === 'rules' && method === 'PUT' && id) {
      const body = await readJsonObject(req);
      if (body.id !== undefined && body.id !== id) throw new CommandError(`the body's id "${String(body.id)}" differs from the URL's "${id}"; make them equal or leave id out`);
      const rule = await control.putRule(actor, { ...body, id });
      return send(res, 200, ruleToData(rule));
    }
    if (resource === 'rules' && method === 'DELETE' && id) {
      await control.deleteRule(actor, id);
      return send(res, 204, undefined);
    }
    if (resource === 'silences' && method === 'GET' && !id) {
      requireRole(actor, 'viewer', 'list silences');
      return send(res, 200, { silences: engine.silences.all().map((s) => ({ ...s, state: silenceState(s, now) })) });
    }
    if (resource === 'silences' && method === 'POST' && !id) {
      const body = await readJsonObject(req);
      const usage = 'send { "matchers": ["model_id=\\"fraud-detector\\""], "duration": "2h", "comment": "why" }';
      const { matchers } = body;
      if (!Array.isArray(matchers) || matchers.length === 0 || !matchers.every((m) => typeof m === 'string')) {
        throw new ApiError(400, `matchers: give a list of matcher strings; ${usage}`);
      }
      const durationMs = typeof body.duration === 'string' ? parseDuration(body.duration) : typeof body.duration === 'number' ? body.duration : undefined;
      if (durationMs === undefined) throw new ApiError(400, `duration: give a duration such as 30m, 2h or 3d, or a number of milliseconds; ${usage}`);
      const result = await control.silence(actor, { matchers, durationMs, comment: typeof body.comment === 'string' ? body.comment : '' });
      return send(res, 201, result);
    }
    if (resource === 'silences' && method === 'DELETE' && id) {
      return send(res, 200, await control.expireSilence(actor, id));
    }
    throw new ApiError(404, `no ${method} ${pathname}; see GET /api/v1/alerts, /groups, /rules, /silences`);
  };
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const request = { method: req.method, path: pathOf(req), remote: req.socket.remoteAddress };
      const refusal = refusalOf(error);
      if (refusal === undefined) {
        options.log.error('an alerts API request failed', { ...request, error });
        send(res, 500, { error: 'internal error; see the modelwatch log' });
        return;
      }
      const fields = { ...request, status: refusal.status, reason: refusal.message };
      if (refusal.status === 401 || refusal.status === 403) options.log.warn('refused an alerts API request', fields);
      else options.log.info('refused an alerts API request', fields);
      send(res, refusal.status, { error: refusal.message });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A request refused with this status and a message that says what to fix. */
class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function refusalOf(error: unknown): { status: number; message: string } | undefined {
  if (error instanceof ApiError) return { status: error.status, message: error.message };
  if (!(error instanceof CommandError)) return undefined;
  const forbidden = error.message.startsWith('you need the');
  const missing = error.message.startsWith('no ');
  return { status: forbidden ? 403 : missing ? 404 : 400, message: error.message };
}

/** The path as sent, without the query (which the API does not use, and which is never logged). */
function pathOf(req: IncomingMessage): string {
  return (req.url ?? '/').split('?')[0] ?? '/';
}

function pathSegments(pathname: string): string[] {
  try {
    return pathname.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    throw new ApiError(400, 'the path has a bad percent-encoding; write % as %25 and other reserved characters as %XX (encodeURIComponent)');
  }
}

async function readJsonObject(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new ApiError(413, `the body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new ApiError(400, 'the body is not JSON; send Content-Type: application/json with a JSON object');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ApiError(400, `the body is ${body === null ? 'null' : Array.isArray(body) ? 'a list' : `a ${typeof body}`}; send a JSON object with the request's fields`);
  }
  return body as Record<string, unknown>;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
