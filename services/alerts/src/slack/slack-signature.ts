import { createHmac, timingSafeEqual } from 'node:crypto';

/** Slack's request signing, version 0: `v0=` + hex HMAC-SHA256(signing secret, `v0:${timestamp}:${rawBody}`). */
export const SLACK_SIGNATURE_HEADER = 'x-slack-signature';
export const SLACK_TIMESTAMP_HEADER = 'x-slack-request-timestamp';

/** How far a request's timestamp may be from our clock, either way (Slack's guidance: 5 minutes). */
export const SLACK_TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

export interface SlackRequestToVerify {
  readonly signingSecret: string;
  /** The `x-slack-signature` header as received (a repeated header arrives as an array and is refused). */
  readonly signature: string | readonly string[] | undefined;
  /** The `x-slack-request-timestamp` header as received: Unix seconds. */
  readonly timestamp: string | readonly string[] | undefined;
  /** The body exactly as received, before any parsing. */
  readonly rawBody: string | Buffer;
  /** Our clock, epoch ms. */
  readonly nowMs: number;
  /** Default 300 s. */
  readonly toleranceSeconds?: number;
}

export type SlackVerification =
  /** `signature` is the one canonical form (`v0=` and lower-case hex) of what was sent, for the replay check. */
  | { readonly ok: true; readonly signature: string }
  | { readonly ok: false; readonly reason: 'missing_signature' | 'missing_timestamp' | 'malformed_timestamp' | 'stale_timestamp' | 'future_timestamp' | 'malformed_signature' | 'bad_signature' };

/** Computes the `x-slack-signature` value for a body (what Slack sends; tests sign with it too). */
export function signSlackRequest(signingSecret: string, timestampSeconds: number | string, rawBody: string | Buffer): string {
  const hmac = createHmac('sha256', signingSecret);
  hmac.update(`v0:${timestampSeconds}:`);
  hmac.update(rawBody);
  return `v0=${hmac.digest('hex')}`;
}

/**
 * Checks a request's signature (in constant time) and that its timestamp is within the tolerance
 * of our clock in both directions: a stale timestamp is a replay, a future one could be replayed
 * later (bolt-js only refuses the stale ones).
 */
export function verifySlackRequest(request: SlackRequestToVerify): SlackVerification {
  const { signature, timestamp } = request;
  if (typeof signature !== 'string' || signature === '') return { ok: false, reason: 'missing_signature' };
  if (typeof timestamp !== 'string' || timestamp === '') return { ok: false, reason: 'missing_timestamp' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'malformed_timestamp' };
  const tolerance = request.toleranceSeconds ?? SLACK_TIMESTAMP_TOLERANCE_SECONDS;
  const skewSeconds = Number(timestamp) - Math.floor(request.nowMs / 1000);
  if (skewSeconds < -tolerance) return { ok: false, reason: 'stale_timestamp' };
  if (skewSeconds > tolerance) return { ok: false, reason: 'future_timestamp' };
  if (!/^v0=[0-9a-f]{64}$/i.test(signature)) return { ok: false, reason: 'malformed_signature' };
  const canonical = signSlackRequest(request.signingSecret, timestamp, request.rawBody);
  const expected = Buffer.from(canonical, 'latin1');
  // Hex digits may come in either case; they are compared, and remembered, in one form only.
  const given = Buffer.from(signature.toLowerCase(), 'latin1');
  // Both are `v0=` + 64 hex digits here, so the lengths match and the comparison takes constant time.
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'bad_signature' };
  return { ok: true, signature: canonical };
}
