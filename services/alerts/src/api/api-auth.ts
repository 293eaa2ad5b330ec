import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { AlertsApiClient } from '@modelwatch/core';
import type { Actor } from '../slack/alert-commands.ts';

export type ApiAuth = { readonly ok: true; readonly actor: Actor } | { readonly ok: false; readonly status: 401 | 403; readonly message: string };

/**
 * Who is calling the alerts API: a bearer token whose SHA-256 is configured in
 * `alerts.api.tokens`. With no tokens configured, loopback callers may read (viewer) and
 * nobody may change anything.
 */
export function authenticate(req: IncomingMessage, clients: readonly AlertsApiClient[]): ApiAuth {
  const header = req.headers.authorization;
  if (clients.length === 0) {
    const loopback = ['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(req.socket.remoteAddress ?? '');
    if (!loopback) return { ok: false, status: 403, message: 'the alerts API has no clients; add alerts.api.tokens ({ name, token_sha256, role }) to use it from another host' };
    return { ok: true, actor: { id: 'local', role: 'viewer', via: 'api' } };
  }
  const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : '';
  if (token === '') return { ok: false, status: 401, message: 'send Authorization: Bearer <token>; tokens are configured in alerts.api.tokens' };
  const digest = createHash('sha256').update(token).digest();
  const client = clients.find((c) => timingSafeEqual(Buffer.from(c.tokenSha256, 'hex'), digest));
  if (!client) return { ok: false, status: 401, message: 'unknown token; check it against alerts.api.tokens (the SHA-256 of the token is configured)' };
  return { ok: true, actor: { id: client.name, role: client.role, via: 'api' } };
}
