import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signing, in the manner of Stripe and Slack:
 *
 *   X-Modelwatch-Timestamp: <unix seconds when sent>
 *   X-Modelwatch-Signature: sha256=<hex HMAC-SHA256(secret, `${timestamp}.${raw body}`)>
 *
 * The timestamp is inside the signed string, so a captured request cannot be replayed later
 * with a fresh timestamp. A receiver verifies in this order:
 *
 * 1. Read the raw body bytes as received (before any JSON parsing: re-serialising changes them).
 * 2. Refuse when the timestamp is more than the tolerance (5 minutes) away from its clock.
 * 3. Compute the HMAC over `${timestamp}.${body}` with the shared secret and compare it with the
 *    header's hex in constant time.
 * 4. Optionally remember `X-Modelwatch-Notification-Id` for the tolerance window and drop
 *    repeats: retries of one notification reuse the id (with a new timestamp and signature).
 *
 * `verifyWebhookSignature` does 2 and 3.
 */
export const SIGNATURE_HEADER = 'X-Modelwatch-Signature';
export const TIMESTAMP_HEADER = 'X-Modelwatch-Timestamp';
export const NOTIFICATION_ID_HEADER = 'X-Modelwatch-Notification-Id';

export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;

/** `sha256=<hex>` for a body sent at `timestamp` (unix seconds). */
export function signWebhookBody(secret: string, timestamp: number | string, body: string | Uint8Array): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(`${timestamp}.`, 'utf8');
  hmac.update(body);
  return `sha256=${hmac.digest('hex')}`;
}

export interface WebhookVerificationInput {
  readonly secret: string;
  /** The raw request body, exactly as received. */
  readonly body: string | Uint8Array;
  /** The X-Modelwatch-Timestamp header. */
  readonly timestamp: string | null | undefined;
  /** The X-Modelwatch-Signature header. */
  readonly signature: string | null | undefined;
  /** The receiver's clock, unix seconds; default now. */
  readonly nowSeconds?: number;
  /** How far the timestamp may be from the receiver's clock, either way; default 300 s. */
  readonly toleranceSeconds?: number;
}

export type WebhookVerification =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'missing' | 'malformed' | 'stale' | 'mismatch' };

export function verifyWebhookSignature(input: WebhookVerificationInput): WebhookVerification {
  const { timestamp, signature } = input;
  if (!timestamp || !signature) return { ok: false, reason: 'missing' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'malformed' };
  const match = /^sha256=([0-9a-f]{64})$/i.exec(signature.trim());
  if (!match) return { ok: false, reason: 'malformed' };
  const now = input.nowSeconds ?? Math.floor(Date.now() / 1000);
  const tolerance = input.toleranceSeconds ?? DEFAULT_SIGNATURE_TOLERANCE_SECONDS;
  if (Math.abs(now - Number(timestamp)) > tolerance) return { ok: false, reason: 'stale' };
  const expected = Buffer.from(signWebhookBody(input.secret, timestamp, input.body).slice('sha256='.length), 'hex');
  const given = Buffer.from(match[1]!, 'hex');
  return timingSafeEqual(expected, given) ? { ok: true } : { ok: false, reason: 'mismatch' };
}
