import { DeliveryError } from '../notifier.ts';
import { redact } from '../http-post.ts';

/** The fields nodemailer sets on its errors. */
interface NodemailerErrorFields {
  readonly code?: unknown;
  readonly responseCode?: unknown;
  readonly command?: unknown;
  readonly rejectedErrors?: unknown;
}

/** Codes of configuration mistakes that no retry can fix. */
const PERMANENT_CODES = new Set(['EAUTH', 'ENOAUTH', 'EMESSAGE', 'EENVELOPE']);

/**
 * Turns a nodemailer error into a DeliveryError.
 *
 * - An SMTP reply code decides first: 5xx is permanent (550 mailbox unavailable, 553 bad
 *   address, 554 refused, 535 bad credentials) → not retryable; 4xx is temporary (421, 450,
 *   451, 452, 454 temporary auth failure) → retryable. When every recipient was refused and
 *   any refusal was a 4xx, retryable.
 * - Without a reply code: EAUTH/ENOAUTH (credentials missing or the server offers no AUTH
 *   method), EMESSAGE (the message could not be built) and EENVELOPE (no recipients) are
 *   configuration → not retryable.
 * - Everything else (ECONNECTION, ETIMEDOUT, ESOCKET, EDNS, ETLS, resets) → retryable.
 *
 * Failed authentication is deliberately parked, not retried: the password will not become right
 * by waiting, and repeating a failed login every few seconds is what fail2ban and provider
 * lockouts watch for, which would lock the account out for the other senders too. The parked
 * notification is re-driven once someone fixes the credential.
 */
export function smtpDeliveryError(error: unknown, target: string, secrets: readonly string[]): DeliveryError {
  const fields = (typeof error === 'object' && error !== null ? error : {}) as NodemailerErrorFields;
  const code = typeof fields.code === 'string' ? fields.code : undefined;
  const responseCode = typeof fields.responseCode === 'number' ? fields.responseCode : undefined;
  const message = redact(error instanceof Error ? error.message : String(error), secrets);
  const what = `${target}: ${message}${code ? ` (${code})` : ''}`;

  const deferredRecipient =
    Array.isArray(fields.rejectedErrors) &&
    fields.rejectedErrors.some((e: unknown) => {
      const rc = (e as NodemailerErrorFields | null)?.responseCode;
      return typeof rc === 'number' && rc >= 400 && rc < 500;
    });

  let retryable: boolean;
  if (deferredRecipient) retryable = true;
  else if (responseCode !== undefined && responseCode >= 500) retryable = false;
  else if (responseCode !== undefined && responseCode >= 400) retryable = true;
  else retryable = !(code !== undefined && PERMANENT_CODES.has(code));

  const hint =
    !retryable && code === 'EAUTH' ? '; check the SMTP user and password (not retried: a wrong credential does not fix itself)' : '';
  return new DeliveryError(what + hint, {
    retryable,
    ...(responseCode === undefined ? {} : { status: responseCode }),
    // No `cause`: nodemailer's error objects are not vetted for credentials; the message has what matters.
  });
}
