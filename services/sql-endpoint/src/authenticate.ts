import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { isIP } from 'node:net';
import type { SqlEndpointUser } from '@modelwatch/core';
import { EndpointError } from './endpoint-error.ts';

export interface Credentials {
  readonly user: string;
  readonly password: string;
}

export interface AuthenticatedUser {
  readonly name: string;
  readonly readonly: boolean;
}

function header(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

/**
 * The credentials of a request, the three ways ClickHouse accepts them: `X-ClickHouse-User` /
 * `X-ClickHouse-Key` headers, HTTP basic auth, or `user` / `password` URL parameters (without
 * any, the user is `default` with an empty password). Mixing them is refused, as ClickHouse does.
 */
export function readCredentials(headers: IncomingHttpHeaders, params: URLSearchParams): Credentials {
  const headerUser = header(headers, 'x-clickhouse-user');
  const headerKey = header(headers, 'x-clickhouse-key');
  const authorization = header(headers, 'authorization');
  const inParams = params.has('user') || params.has('password') || params.has('quota_key');
  if (headerUser !== '' || headerKey !== '') {
    if (authorization !== '') {
      throw new EndpointError('AUTHENTICATION_FAILED', 'Invalid authentication: it is not allowed to use X-ClickHouse HTTP headers and Authorization HTTP header simultaneously');
    }
    if (inParams) {
      throw new EndpointError('AUTHENTICATION_FAILED', 'Invalid authentication: it is not allowed to use X-ClickHouse HTTP headers and authentication via parameters simultaneously');
    }
    return { user: headerUser || 'default', password: headerKey };
  }
  if (authorization !== '') {
    if (inParams) {
      throw new EndpointError('AUTHENTICATION_FAILED', 'Invalid authentication: it is not allowed to use Authorization HTTP header and authentication via parameters simultaneously');
    }
    const space = authorization.indexOf(' ');
    const scheme = space === -1 ? authorization : authorization.slice(0, space);
    if (scheme.toLowerCase() !== 'basic') {
      throw new EndpointError('AUTHENTICATION_FAILED', `Invalid authentication: '${scheme.slice(0, 32)}' HTTP Authorization scheme is not supported`);
    }
    const decoded = space === -1 ? '' : Buffer.from(authorization.slice(space + 1).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon === -1 ? { user: decoded, password: '' } : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  return { user: params.get('user') ?? 'default', password: params.get('password') ?? '' };
}

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();
const EMPTY_PASSWORD = sha256('');

/** Same time whether the user exists or not, and whichever byte differs. */
function passwordMatches(password: string, expectedSha256: Buffer): boolean {
  return timingSafeEqual(sha256(password), expectedSha256);
}

export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  const plain = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (plain === '::1') return true;
  return isIP(plain) === 4 && plain.startsWith('127.');
}

/**
 * Checks credentials against the configured users. With no users configured, as in a fresh
 * ClickHouse, only `default` with an empty password is accepted, and only from loopback.
 */
export class UserDirectory {
  private readonly users: ReadonlyMap<string, { readonly: boolean; hash: Buffer }>;

  constructor(users: readonly SqlEndpointUser[]) {
    const map = new Map<string, { readonly: boolean; hash: Buffer }>();
    for (const user of users) {
      const hex = user.passwordSha256;
      if (hex !== undefined && !/^[0-9a-fA-F]{64}$/.test(hex)) {
        throw new TypeError(`SQL endpoint user "${user.name}": passwordSha256 must be 64 hex digits (the SHA-256 of the password)`);
      }
      if (map.has(user.name)) throw new TypeError(`SQL endpoint user "${user.name}" is configured twice`);
      map.set(user.name, { readonly: user.readonly, hash: hex === undefined ? EMPTY_PASSWORD : Buffer.from(hex, 'hex') });
    }
    this.users = map;
  }

  get isEmpty(): boolean {
    return this.users.size === 0;
  }

  authenticate(credentials: Credentials, remoteAddress: string | undefined): AuthenticatedUser {
    const configured = this.users.get(credentials.user);
    if (this.users.size === 0) {
      const ok = passwordMatches(credentials.password, EMPTY_PASSWORD) && credentials.user === 'default' && isLoopback(remoteAddress);
      if (ok) return { name: 'default', readonly: false };
    } else {
      // Compare against something even for an unknown user, so timing does not tell names apart.
      const ok = passwordMatches(credentials.password, configured?.hash ?? EMPTY_PASSWORD) && configured !== undefined;
      if (ok) return { name: credentials.user, readonly: configured.readonly };
    }
    // The name is echoed, as ClickHouse does; trimmed of control characters and length.
    const shown = credentials.user.replace(/[\u0000-\u001f\u007f]/g, '?').slice(0, 128);
    throw new EndpointError('AUTHENTICATION_FAILED', `${shown}: Authentication failed: password is incorrect, or there is no user with such name.`);
  }
}
