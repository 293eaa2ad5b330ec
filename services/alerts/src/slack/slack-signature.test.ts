import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signSlackRequest, verifySlackRequest } from './slack-signature.ts';

const secret = '8f742231b10e8888abcd99yyyzzz85a5';
const now = Date.UTC(2024, 4, 1, 12, 0, 0);
const ts = String(Math.floor(now / 1000));
const body = 'token=xyz&team_id=T1&command=%2Fmodelwatch&text=status+fraud-detector';

describe('verifySlackRequest', () => {
  it('computes Slack’s v0 signature: hex HMAC-SHA256 of v0:ts:body', () => {
    const expected = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
    expect(signSlackRequest(secret, ts, body)).toBe(expected);
    expect(signSlackRequest(secret, Number(ts), Buffer.from(body))).toBe(expected);
  });

  it('accepts a correctly signed, current request (string or Buffer body, either case) and returns its one canonical signature', () => {
    const signature = signSlackRequest(secret, ts, body);
    expect(verifySlackRequest({ signingSecret: secret, signature, timestamp: ts, rawBody: body, nowMs: now })).toEqual({ ok: true, signature });
    expect(verifySlackRequest({ signingSecret: secret, signature, timestamp: ts, rawBody: Buffer.from(body), nowMs: now })).toEqual({ ok: true, signature });
    for (const recased of [`v0=${signature.slice(3).toUpperCase()}`, signature.toUpperCase(), `V0=${signature.slice(3)}`]) {
      expect(verifySlackRequest({ signingSecret: secret, signature: recased, timestamp: ts, rawBody: body, nowMs: now })).toEqual({ ok: true, signature });
    }
  });

  it('refuses missing or repeated headers', () => {
    const signature = signSlackRequest(secret, ts, body);
    expect(verifySlackRequest({ signingSecret: secret, signature: undefined, timestamp: ts, rawBody: body, nowMs: now })).toEqual({ ok: false, reason: 'missing_signature' });
    expect(verifySlackRequest({ signingSecret: secret, signature: '', timestamp: ts, rawBody: body, nowMs: now })).toEqual({ ok: false, reason: 'missing_signature' });
    expect(verifySlackRequest({ signingSecret: secret, signature, timestamp: undefined, rawBody: body, nowMs: now })).toEqual({ ok: false, reason: 'missing_timestamp' });
    expect(verifySlackRequest({ signingSecret: secret, signature: [signature, signature], timestamp: ts, rawBody: body, nowMs: now })).toEqual({ ok: false, reason: 'missing_signature' });
    expect(verifySlackRequest({ signingSecret: secret, signature, timestamp: [ts], rawBody: body, nowMs: now })).toEqual({ ok: false, reason: 'missing_timestamp' });
  });

  it('refuses a wrong secret, a tampered body, a signature for another timestamp and malformed values', () => {
    const signature = signSlackRequest(secret, ts, body);
    expect(verifySlackRequest({ signingSecret: 'other', signature, timestamp: ts, rawBody: body, nowMs: now })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifySlackRequest({ signingSecret: secret, signature, timestamp: ts, rawBody: `${body}x`, nowMs: now })).toEqual({ ok: false, reason: 'bad_signature' });
    const earlier = String(Number(ts) - 1);
    expect(verifySlackRequest({ signingSecret: secret, signature, timestamp: earlier, rawBody: body, nowMs: now })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifySlackRequest({ signingSecret: secret, signature: signature.slice(0, -2), timestamp: ts, rawBody: body, nowMs: now })).toEqual({ ok: false, reason: 'malformed_signature' });
    expect(verifySlackRequest({ signingSecret: secret, signature: `v1=${signature.slice(3)}`, timestamp: ts, rawBody: body, nowMs: now })).toEqual({ ok: false, reason: 'malformed_signature' });
    expect(verifySlackRequest({ signingSecret: secret, signature, timestamp: `${ts}.5`, rawBody: body, nowMs: now })).toEqual({ ok: false, reason: 'malformed_timestamp' });
    expect(verifySlackRequest({ signingSecret: secret, signature, timestamp: '-1', rawBody: body, nowMs: now })).toEqual({ ok: false, reason: 'malformed_timestamp' });
  });

  it('accepts timestamps up to 5 minutes off either way and refuses stale and future ones beyond', () => {
    const at = (offsetSeconds: number) => {
      const t = String(Number(ts) + offsetSeconds);
      return verifySlackRequest({ signingSecret: secret, signature: signSlackRequest(secret, t, body), timestamp: t, rawBody: body, nowMs: now });
    };
    expect(at(-300).ok).toBe(true);
    expect(at(300).ok).toBe(true);
    expect(at(-301)).toEqual({ ok: false, reason: 'stale_timestamp' });
    expect(at(-360)).toEqual({ ok: false, reason: 'stale_timestamp' });
    expect(at(301)).toEqual({ ok: false, reason: 'future_timestamp' });
    expect(at(360)).toEqual({ ok: false, reason: 'future_timestamp' });
  });
});
