export {
  EmailNotifier,
  createSmtpTransporter,
  senderDomain,
  type EmailNotifierOptions,
  type MailTransporter,
  type SmtpSettings,
} from './email-notifier.ts';
export {
  alertRows,
  alertSubject,
  composeAlertEmail,
  groupRootMessageId,
  notificationMessageId,
  type AlertEmail,
  type AlertEmailOptions,
} from './alert-email.ts';
export { smtpDeliveryError } from './smtp-error.ts';
export {
  composeDigest,
  scheduleDailyDigest,
  validateDigestSchedule,
  type DailyDigestSchedule,
  type Digest,
  type DigestInput,
  type DigestModel,
} from './daily-digest.ts';
export { escapeHtml } from './html.ts';
