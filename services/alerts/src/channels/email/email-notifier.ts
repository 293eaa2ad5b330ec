import nodemailer from 'nodemailer';
import type { SendMailOptions } from 'nodemailer';
import type { Notification } from '@modelwatch/core';
import { DeliveryError, type DeliveryContext, type Notifier, type ReceiverData } from '../notifier.ts';
import { composeAlertEmail } from './alert-email.ts';
import { smtpDeliveryError } from './smtp-error.ts';

export interface SmtpSettings {
  readonly host: string;
  readonly port: number;
  /** true for implicit TLS (port 465); false for plain or STARTTLS (587, 25). */
  readonly secure: boolean;
  readonly user?: string;
  /** A secret: never in errors. */
  readonly password?: string;
  /** Refuse to send unless the server upgrades with STARTTLS (recommended with `secure: false` beyond localhost). */
  readonly requireTLS?: boolean;
  /** Never use STARTTLS, even when offered (test servers). */
  readonly ignoreTLS?: boolean;
  /** Keep up to `maxConnections` (default 2) connections open and reuse them; for a transporter shared by receivers. */
  readonly pool?: boolean;
  readonly maxConnections?: number;
}

/** What the notifier needs of a transporter (nodemailer's Transporter has it). */
export interface MailTransporter {
  sendMail(mail: SendMailOptions): Promise<{ readonly accepted?: readonly unknown[]; readonly rejected?: readonly unknown[] }>;
  /** Closes pooled connections (nodemailer's transporters have it); call on shutdown. */
  close?(): void;
}

export interface EmailNotifierOptions {
  /** SMTP settings for a nodemailer transport; or pass `transporter`. */
  readonly smtp?: SmtpSettings;
  /** A ready transporter (a shared pool, a test one); used instead of `smtp`. */
  readonly transporter?: MailTransporter;
  /** The sender, `alerts@example.com` or `"modelwatch" <alerts@example.com>`. */
  readonly from: string;
  /** This receiver's recipients. */
  readonly to: readonly string[];
  /** Bound on one send, ms (connection, greeting and each socket wait too). Default 30 000. */
  readonly timeoutMs?: number;
  /** modelwatch's URL, linked in the body when set. */
  readonly externalUrl?: string;
}

/**
 * Mails a notification (HTML and plain text) to the receiver's recipients, threaded per group
 * (see alert-email.ts). Resolves with `{ message_id }` for the next message's In-Reply-To, and
 * `rejected` (comma-separated) when the server refused some recipients but accepted others:
 * that send counts as delivered, because a retry would mail the accepted ones twice.
 * Errors are classified by smtpDeliveryError (5xx and bad credentials parked, 4xx and network
 * retried).
 *
 * context.signal and timeoutMs end the wait, not the SMTP session already under way (nodemailer
 * takes no signal): a mail may still arrive after a timeout, and its retry has the same
 * Message-ID, so clients show it once.
 */
export class EmailNotifier implements Notifier {
  readonly kind = 'email';
  readonly #transporter: MailTransporter;
  readonly #from: string;
  readonly #to: readonly string[];
  readonly #domain: string;
  readonly #timeoutMs: number;
  readonly #externalUrl: string | undefined;
  readonly #target: string;
  readonly #secrets: readonly string[];

  constructor(options: EmailNotifierOptions) {
    if (options.to.length === 0) throw new Error('email receiver has no recipients: set `to` to at least one address');
    if (options.from.trim() === '') throw new Error('email `from` is empty: set the sender address');
    const timeoutMs = options.timeoutMs ?? 30_000;
    if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) throw new RangeError(`email timeoutMs must be > 0, got ${timeoutMs}`);
    this.#timeoutMs = timeoutMs;
    this.#from = options.from;
    this.#to = [...options.to];
    this.#domain = senderDomain(options.from);
    this.#externalUrl = options.externalUrl;
    if (options.transporter) {
      this.#transporter = options.transporter;
      this.#target = 'SMTP';
      this.#secrets = [];
    } else if (options.smtp) {
      const smtp = options.smtp;
      this.#transporter = createSmtpTransporter(smtp, timeoutMs);
      this.#target = `SMTP ${smtp.host}:${smtp.port}`;
      this.#secrets = smtp.password ? [smtp.password] : [];
    } else {
      throw new Error('email notifier needs `smtp` settings or a `transporter`');
    }
  }

  async send(notification: Notification, context: DeliveryContext): Promise<ReceiverData | undefined> {
    const email = composeAlertEmail(notification, {
      domain: this.#domain,
      previous: context.previous,
      externalUrl: this.#externalUrl,
    });
    const mail: SendMailOptions = {
      from: this.#from,
      to: [...this.#to],
      subject: email.subject,
      text: email.text,
      html: email.html,
      messageId: email.messageId,
      inReplyTo: email.inReplyTo,
      references: [...email.references],
      headers: { ...email.headers },
    };
    const info = await this.#withDeadline(this.#transporter.sendMail(mail), context.signal);
    const rejected = (info.rejected ?? []).map(addressText).filter((a) => a !== '');
    return rejected.length > 0 ? { message_id: email.messageId, rejected: rejected.join(', ') } : { message_id: email.messageId };
  }

  async #withDeadline<T>(sending: Promise<T>, deadline: AbortSignal): Promise<T> {
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    const signal = AbortSignal.any([deadline, timeout]);
    if (deadline.aborted) {
      sending.catch(() => undefined);
      throw new DeliveryError(`${this.#target}: the delivery deadline passed before sending`, { retryable: true });
    }
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () =>
        reject(
          new DeliveryError(
            deadline.aborted ? `${this.#target}: the delivery deadline passed while sending` : `${this.#target}: no answer within ${this.#timeoutMs} ms`,
            { retryable: true },
          ),
        );
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([sending, aborted]);
    } catch (error) {
      if (error instanceof DeliveryError) {
        sending.catch(() => undefined);
        throw error;
      }
      throw smtpDeliveryError(error, this.#target, this.#secrets);
    } finally {
      if (onAbort) signal.removeEventListener('abort', onAbort);
    }
  }
}

/** A nodemailer SMTP transporter with every wait bounded by `timeoutMs`. */
export function createSmtpTransporter(smtp: SmtpSettings, timeoutMs = 30_000): MailTransporter {
  if (smtp.host.trim() === '') throw new Error('SMTP host is empty: set the mail server');
  if (!(Number.isInteger(smtp.port) && smtp.port > 0 && smtp.port < 65536)) throw new RangeError(`SMTP port must be 1-65535, got ${smtp.port}`);
  if ((smtp.user === undefined) !== (smtp.password === undefined)) {
    throw new Error('SMTP user and password go together: set both, or neither for a relay without AUTH');
  }
  const common = {
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    ...(smtp.user !== undefined && smtp.password !== undefined ? { auth: { user: smtp.user, pass: smtp.password } } : {}),
    ...(smtp.requireTLS === undefined ? {} : { requireTLS: smtp.requireTLS }),
    ...(smtp.ignoreTLS === undefined ? {} : { ignoreTLS: smtp.ignoreTLS }),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    // nodemailer logs nothing by default; keep it so: its debug log would print AUTH lines.
    logger: false,
    debug: false,
  };
  if (smtp.pool) return nodemailer.createTransport({ ...common, pool: true, maxConnections: smtp.maxConnections ?? 2 });
  return nodemailer.createTransport(common);
}

/** The domain of the sender address, for Message-IDs; `modelwatch.invalid` when there is none. */
export function senderDomain(from: string): string {
  const match = /@([A-Za-z0-9.-]+)\s*>?\s*$/.exec(from.trim());
  return match?.[1]?.toLowerCase() ?? 'modelwatch.invalid';
}

function addressText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && typeof (value as { address?: unknown }).address === 'string') {
    return (value as { address: string }).address;
  }
  return '';
}
