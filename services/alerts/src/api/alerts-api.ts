import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ruleToData, silenceState, type AlertsApiClient } from '@modelwatch/core';
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
 */
export async function startAlertsApi(options: {
  host: string;
  port: number;
  clients: readonly AlertsApiClient[];
  engine: AlertEngine;
  control: AlertControl;
  now: () => number;
}): Promise<AlertsApi> {
  const { engine, control } = options;
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const auth = authenticate(req, options.clients);
    if (!auth.ok) return send(res, auth.status, { error: auth.message });
    const actor = auth.actor;
    const url = new URL(req.url ?? '/', 'http://localhost');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts[0] !== 'api' || parts[1] !== 'v1') return send(res, 404, { error: 'not found; the API is under /api/v1 (alerts, groups, rules, silences)' });
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
      return rule ? send(res, 200, ruleToData(rule)) : send(res, 404, { error: `no rule ${id}` });
    }
    if (resource === 'rules' && method === 'PUT' && id) {
      const body = (await readJson(req)) as Record<string, unknown>;
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
      const body = (await readJson(req)) as { matchers?: unknown; duration?: unknown; comment?: unknown };
      const matchers = Array.isArray(body.matchers) ? body.matchers.filter((m): m is string => typeof m === 'string') : [];
      const durationMs = typeof body.duration === 'string' ? parseDuration(body.duration) : typeof body.duration === 'number' ? body.duration : undefined;
      if (matchers.length === 0 || durationMs === undefined) {
        throw new CommandError('send { "matchers": ["model_id=\\"fraud-detector\\""], "duration": "2h", "comment": "why" }');
      }
      const result = await control.silence(actor, { matchers, durationMs, comment: typeof body.comment === 'string' ? body.comment : '' });
      return send(res, 201, result);
    }
    if (resource === 'silences' && method === 'DELETE' && id) {
      return send(res, 200, await control.expireSilence(actor, id));
    }
    return send(res, 404, { error: `no ${method} ${url.pathname}; see GET /api/v1/alerts, /groups, /rules, /silences` });
  };
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (error instanceof CommandError) {
        const forbidden = error.message.startsWith('you need the');
        const missing = error.message.startsWith('no ');
        send(res, forbidden ? 403 : missing ? 404 : 400, { error: error.message });
      } else if (error instanceof BodyError) {
        send(res, error.status, { error: error.message });
      } else {
        send(res, 500, { error: 'internal error; see the modelwatch log' });
      }
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

class BodyError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyError(413, `the body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new BodyError(400, 'the body is not JSON; send Content-Type: application/json with a JSON object');
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
