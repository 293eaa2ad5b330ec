export {
  WebhookNotifier,
  ZERO_TIME,
  webhookMessage,
  type WebhookAlert,
  type WebhookMessage,
  type WebhookNotifierOptions,
} from './webhook-notifier.ts';
export {
  DEFAULT_SIGNATURE_TOLERANCE_SECONDS,
  NOTIFICATION_ID_HEADER,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  signWebhookBody,
  verifyWebhookSignature,
  type WebhookVerification,
  type WebhookVerificationInput,
} from './webhook-signature.ts';
export { httpPost, isRetryableStatus, redact, safeTarget, statusError, type FetchLike, type HttpPostRequest, type HttpPostResponse } from '../http-post.ts';
