import { createServer as createTcpServer, type Server as TcpServer, type AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import type { Alert, Notification } from '@modelwatch/core';
import { DeliveryError, type DeliveryContext } from '../notifier.ts';
import { EmailNotifier, composeAlertEmail, createSmtpTransporter, groupRootMessageId, senderDomain, smtpDeliveryError, type SmtpSettings } from './index.ts';

const USER = 'alerts';
const PASSWORD = 's3cret-Pa55word';
const T0 = Date.UTC(2025, 2, 3, 10, 0, 0);
const HOUR = 3_600_000;

function alert(overrides: Partial<Alert> = {}): Alert {
  return {
    fingerprint: 'a1b2c3d4e5f60718',
    ruleId: 'data-drift',
    state: 'firing',
    severity: 'critical',
    labels: {
      alertname: 'data-drift',
      severity: 'critical',
      model_id: 'fraud-detector',
      model_version: 'v7',
      metric: 'psi',
      feature: 'amount',
      segment: '<script>alert("x")</script>',
    },
    annotations: { summary: 'PSI of amount is 0.3125 & rising', runbook_url: 'https://runbooks.example.test/data-drift?a=1&b=2' },
    value: 0.3125,
    threshold: 0.2,
    windowStart: T0 - HOUR,
    windowEnd: T0,
    startsAt: T0,
    endsAt: null,
    updatedAt: T0,
    ...overrides,
  };
}

function notification(overrides: Partial<Notification> = {}): Notification {
  return {
    id: 'n-100',
    receiver: 'ml-oncall',
    groupKey: '{}:{alertname="data-drift", model_id="fraud-detector"}',
    groupLabels: { model_id: 'fraud-detector', alertname: 'data-drift' },
    commonLabels: { alertname: 'data-drift', model_id: 'fraud-detector', model_version: 'v7', metric: 'psi' },
    commonAnnotations: {},
    status: 'firing',
    reason: 'first_notification',
    alerts: [
      alert(),
      alert({
        fingerprint: 'b0b0b0b0',
        severity: 'warning',
        labels: { alertname: 'data-drift', severity: 'warning', model_id: 'fraud-detector', model_version: 'v7', metric: 'psi', feature: 'merchant_category' },
        annotations: { summary: 'PSI of merchant_category is 0.22', runbook_url: 'javascript:alert(1)' },
        value: 0.22,
      }),
    ],
    createdAt: T0 + 5_000,
    ...overrides,
  };
}

const context = (previous?: Record<string, string>): DeliveryContext => ({ previous, history: [], signal: new AbortController().signal });

interface Received {
  readonly user: string | undefined;
  readonly from: string | undefined;
  readonly to: string[];
  readonly parsed: ParsedMail;
}

let smtp: SMTPServer | undefined;
let tcp: TcpServer | undefined;
let received: Received[] = [];

/** A real SMTP server: AUTH required, STARTTLS disabled; RCPT to bad-* → 550, later-* → 451. */
async function startSmtp(): Promise<SmtpSettings> {
  smtp = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    authOptional: false,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === USER && auth.password === PASSWORD) return callback(null, { user: USER });
      return callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith('bad')) return callback(Object.assign(new Error('5.1.1 mailbox unavailable'), { responseCode: 550 }));
      if (address.address.startsWith('later')) return callback(Object.assign(new Error('4.2.1 try again later'), { responseCode: 451 }));
      return callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        simpleParser(Buffer.concat(chunks)).then(
          (parsed) => {
            received.push({
              user: session.user as string | undefined,
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
              to: session.envelope.rcptTo.map((r) => r.address),
              parsed,
            });
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve) => smtp!.listen(0, '127.0.0.1', () => resolve()));
  const port = (smtp.server.address() as AddressInfo).port;
  return { host: '127.0.0.1', port, secure: false, ignoreTLS: true, user: USER, password: PASSWORD };
}

beforeEach(() => {
  received = [];
});

afterEach(async () => {
  if (smtp) await new Promise<void>((resolve) => smtp!.close(() => resolve()));
  if (tcp) await new Promise<void>((resolve) => tcp!.close(() => resolve()));
  smtp = undefined;
  tcp = undefined;
});

async function failure(promise: Promise<unknown>): Promise<DeliveryError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(DeliveryError);
    return error as DeliveryError;
  }
  throw new Error('expected the send to fail');
}

const addresses = (a: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((o) => o.value.map((v) => v.address));

describe('EmailNotifier over a real SMTP server', () => {
  it('sends HTML and text with the alert values, escapes event data in HTML, and threads a group', async () => {
    const settings = await startSmtp();
    const notifier = new EmailNotifier({
      smtp: settings,
      from: '"modelwatch" <alerts@modelwatch.example.test>',
      to: ['oncall@example.test', 'ml-team@example.test'],
      timeoutMs: 5_000,
    });
    expect(notifier.kind).toBe('email');

    const first = await notifier.send(notification(), context());
    expect(first?.['message_id']).toMatch(/^<[0-9a-f]{24}\.[0-9a-f]{32}@modelwatch\.example\.test>$/);
    expect(first).not.toHaveProperty('rejected');

    expect(received).toHaveLength(1);
    const mail = received[0]!;
    expect(mail.user).toBe(USER);
    expect(mail.from).toBe('alerts@modelwatch.example.test');
    expect(mail.to).toEqual(['oncall@example.test', 'ml-team@example.test']);

    const parsed = mail.parsed;
    expect(parsed.subject).toBe('[FIRING:2] data-drift fraud-detector');
    expect(addresses(parsed.to)).toEqual(['oncall@example.test', 'ml-team@example.test']);
    expect(parsed.headers.get('auto-submitted')).toBe('auto-generated');
    expect(parsed.headers.get('x-modelwatch-notification-id')).toBe('n-100');

    const text = parsed.text ?? '';
    for (const expected of [
      'Model: fraud-detector',
      'Version: v7',
      'Segment: <script>alert("x")</script>', // plain text is not HTML: shown as is
      'Metric: psi',
      'Feature: amount',
      'Value: 0.3125',
      'Threshold: 0.2',
      'Window: 2025-03-03T09:00:00Z – 2025-03-03T10:00:00Z',
      'Summary: PSI of amount is 0.3125 & rising',
      'Runbook: https://runbooks.example.test/data-drift?a=1&b=2',
      'Feature: merchant_category',
      'Value: 0.22',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('javascript:');

    const html = typeof parsed.html === 'string' ? parsed.html : '';
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('PSI of amount is 0.3125 &amp; rising');
    expect(html).toContain('<a href="https://runbooks.example.test/data-drift?a=1&amp;b=2">');
    expect(html).not.toContain('javascript:');
    for (const value of ['fraud-detector', 'v7', 'psi', 'amount', '0.3125', '0.2', '2025-03-03T09:00:00Z', 'merchant_category']) {
      expect(html).toContain(value);
    }

    const root = groupRootMessageId(notification().groupKey, 'modelwatch.example.test');
    expect(parsed.messageId).toBe(first!['message_id']);
    expect(parsed.inReplyTo).toBe(root);
    expect([parsed.references].flat()).toEqual([root]);

    // The group resolves: the next mail replies to the first one, in the same thread.
    const resolved = notification({
      id: 'n-101',
      status: 'resolved',
      reason: 'all_alerts_resolved',
      alerts: notification().alerts.map((a) => ({ ...a, state: 'resolved' as const, endsAt: T0 + HOUR })),
    });
    const second = await notifier.send(resolved, context(first as Record<string, string>));
    const reply = received[1]!.parsed;
    expect(reply.subject).toBe('[RESOLVED] data-drift fraud-detector');
    expect(reply.messageId).toBe(second!['message_id']);
    expect(reply.messageId).not.toBe(parsed.messageId);
    expect(reply.inReplyTo).toBe(first!['message_id']);
    expect([reply.references].flat()).toEqual([root, first!['message_id']]);
    expect(reply.text).toContain('All alerts of data-drift fraud-detector are resolved.');

    const acknowledged = notification({ id: 'n-102', status: 'acknowledged', reason: 'acknowledged', acknowledgedBy: 'alice' });
    await notifier.send(acknowledged, context(second as Record<string, string>));
    expect(received[2]!.parsed.subject).toBe('[ACKNOWLEDGED] data-drift fraud-detector');
    expect(received[2]!.parsed.text).toContain('acknowledged by alice');
  });

  it('550 from RCPT TO → not retryable; 451 → retryable; one refused of two → delivered, refusal reported', async () => {
    const settings = await startSmtp();
    const send = (to: string[]) => new EmailNotifier({ smtp: settings, from: 'alerts@x.test', to, timeoutMs: 5_000 }).send(notification(), context());

    const permanent = await failure(send(['bad@example.test']));
    expect(permanent).toMatchObject({ retryable: false, status: 550 });
    expect(permanent.message).toContain('550');

    const temporary = await failure(send(['later@example.test']));
    expect(temporary).toMatchObject({ retryable: true, status: 451 });

    // Mixed refusals: one 4xx among them makes the whole retryable.
    expect(await failure(send(['bad@example.test', 'later@example.test']))).toMatchObject({ retryable: true });

    const partial = await send(['oncall@example.test', 'bad@example.test']);
    expect(partial).toMatchObject({ rejected: 'bad@example.test' });
    expect(received.map((r) => r.to)).toEqual([['oncall@example.test']]);
  });

  it('a wrong password → not retryable (configuration), and the password is not in the error', async () => {
    const settings = await startSmtp();
    const wrong = 'not-the-' + PASSWORD;
    const notifier = new EmailNotifier({ smtp: { ...settings, password: wrong }, from: 'alerts@x.test', to: ['oncall@example.test'] });
    const error = await failure(notifier.send(notification(), context()));
    expect(error).toMatchObject({ retryable: false, status: 535 });
    expect(error.message).toMatch(/EAUTH/);
    expect(error.message).toContain('check the SMTP user and password');
    expect(error.message).not.toContain(wrong);
    expect(JSON.stringify(error)).not.toContain(wrong);
    expect(error.cause).toBeUndefined();
    expect(received).toHaveLength(0);
  });

  it('works through a pooled transporter shared by notifiers', async () => {
    const settings = await startSmtp();
    const shared = createSmtpTransporter({ ...settings, pool: true }, 5_000);
    const a = new EmailNotifier({ transporter: shared, from: 'alerts@x.test', to: ['a@example.test'] });
    const b = new EmailNotifier({ transporter: shared, from: 'alerts@x.test', to: ['b@example.test'] });
    await Promise.all([a.send(notification(), context()), b.send(notification({ id: 'n-2' }), context())]);
    expect(received.map((r) => r.to[0]).sort()).toEqual(['a@example.test', 'b@example.test']);
    shared.close?.();
  });

  it('a refused connection → retryable', async () => {
    const settings = await startSmtp();
    await new Promise<void>((resolve) => smtp!.close(() => resolve()));
    smtp = undefined;
    const error = await failure(new EmailNotifier({ smtp: settings, from: 'alerts@x.test', to: ['a@example.test'] }).send(notification(), context()));
    expect(error.retryable).toBe(true);
    expect(error.message).toContain(`SMTP 127.0.0.1:${settings.port}`);
  });

  it('a server that never greets → retryable after the timeout', async () => {
    tcp = createTcpServer(() => {
      /* accepts, never says 220 */
    });
    await new Promise<void>((resolve) => tcp!.listen(0, '127.0.0.1', resolve));
    const port = (tcp.address() as AddressInfo).port;
    const notifier = new EmailNotifier({
      smtp: { host: '127.0.0.1', port, secure: false, ignoreTLS: true, user: USER, password: PASSWORD },
      from: 'alerts@x.test',
      to: ['a@example.test'],
      timeoutMs: 300,
    });
    const started = Date.now();
    const error = await failure(notifier.send(notification(), context()));
    expect(error.retryable).toBe(true);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error.message).not.toContain(PASSWORD);
  });
});

describe('email composition', () => {
  it('keeps the Message-ID the same for a retry of one notification and distinct across notifications', () => {
    const a = composeAlertEmail(notification(), { domain: 'd.test' });
    const b = composeAlertEmail(notification(), { domain: 'd.test' });
    const c = composeAlertEmail(notification({ id: 'n-other' }), { domain: 'd.test' });
    expect(a.messageId).toBe(b.messageId);
    expect(a.messageId).not.toBe(c.messageId);
    expect(a.references).toEqual(c.references);
  });

  it('takes the Message-ID domain from the sender', () => {
    expect(senderDomain('"modelwatch" <alerts@Mail.Example.com>')).toBe('mail.example.com');
    expect(senderDomain('alerts@example.org')).toBe('example.org');
    expect(senderDomain('nobody')).toBe('modelwatch.invalid');
  });

  it('keeps subjects on one line when labels carry newlines', () => {
    const email = composeAlertEmail(notification({ groupLabels: { alertname: 'x\r\nBcc: evil@example.test' } }), { domain: 'd.test' });
    expect(email.subject).toBe('[FIRING:2] x Bcc: evil@example.test');
  });

  it('classifies nodemailer errors without a reply code', () => {
    const err = (code: string) => smtpDeliveryError(Object.assign(new Error('x'), { code }), 'SMTP', []);
    expect(err('ECONNECTION').retryable).toBe(true);
    expect(err('ETIMEDOUT').retryable).toBe(true);
    expect(err('ESOCKET').retryable).toBe(true);
    expect(err('EAUTH').retryable).toBe(false);
    expect(err('EENVELOPE').retryable).toBe(false);
    expect(smtpDeliveryError(Object.assign(new Error('454 temp'), { code: 'EAUTH', responseCode: 454 }), 'SMTP', []).retryable).toBe(true);
    expect(smtpDeliveryError(Object.assign(new Error('552 too big'), { code: 'EMESSAGE', responseCode: 552 }), 'SMTP', []).retryable).toBe(false);
  });

  it('refuses a notifier without recipients or transport', () => {
    expect(() => new EmailNotifier({ from: 'a@x.test', to: [] , transporter: { sendMail: async () => ({}) } })).toThrow(/recipients/);
    expect(() => new EmailNotifier({ from: 'a@x.test', to: ['b@x.test'] })).toThrow(/smtp/);
    expect(() => new EmailNotifier({ from: 'a@x.test', to: ['b@x.test'], smtp: { host: 'h', port: 25, secure: false, user: 'u' } })).toThrow(/user and password/);
  });
});
