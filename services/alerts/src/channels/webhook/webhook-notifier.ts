import type { Alert, Labels, Notification, NotificationReason } from '@modelwatch/core';
import type { DeliveryContext, Notifier, ReceiverData } from '../notifier.ts';
import { httpPost, safeTarget, statusError, type FetchLike } from '../http-post.ts';
import { NOTIFICATION_ID_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, signWebhookBody } from './webhook-signature.ts';

export interface WebhookNotifierOptions {
  /** The receiver's URL. Treated as a secret (paths often carry tokens): errors name its origin only. */
  readonly url: string;
  /** The shared HMAC secret; the receiver verifies with verifyWebhookSignature. */
  readonly secret: string;
  /** Per-request timeout, ms. Default 10 000. */
  readonly timeoutMs?: number;
  /** Send at most this many alerts, counting the rest in `truncatedAlerts` (Alertmanager's max_alerts); 0 = all. */
  readonly maxAlerts?: number;
  /** modelwatch's own URL, sent as `externalURL`. */
  readonly externalUrl?: string;
  readonly fetch?: FetchLike;
  /** Clock for the timestamp header, epoch ms; default Date.now. */
  readonly now?: () => number;
}

/** Alertmanager's zero time for an alert that has not ended (Go's time.Time{}). */
export const ZERO_TIME = '0001-01-01T00:00:00Z';

export interface WebhookAlert {
  /** Alertmanager's fields. */
  readonly status: Alert['state'];
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly startsAt: string;
  /** ISO time, or `0001-01-01T00:00:00Z` while active (as Alertmanager sends). */
  readonly endsAt: string;
  /** Always '' (Alertmanager's link to the Prometheus expression; modelwatch has none). */
  readonly generatorURL: string;
  readonly fingerprint: string;
  /** modelwatch's: the deciding metric value and threshold, the window it was computed on. */
  readonly value: number | null;
  readonly threshold: number | null;
  readonly windowStart: string | null;
  readonly windowEnd: string | null;
  readonly ruleId: string;
}

/**
 * Alertmanager's webhook payload, version 4, plus modelwatch's fields. Receivers written for
 * Alertmanager read it unchanged, with one difference: `status` may also be `acknowledged`.
 * Alertmanager's `routeLabels` and `notification_reason` are not sent (modelwatch's reason
 * vocabulary differs; it is in `reason`).
 */
export interface WebhookMessage {
  readonly version: '4';
  readonly groupKey: string;
  readonly truncatedAlerts: number;
  readonly status: Notification['status'];
  readonly receiver: string;
  readonly groupLabels: Labels;
  readonly commonLabels: Labels;
  readonly commonAnnotations: Labels;
  readonly externalURL: string;
  readonly alerts: readonly WebhookAlert[];
  /** modelwatch: why this notification was sent. */
  readonly reason: NotificationReason;
  /** modelwatch: the notification's id, also in X-Modelwatch-Notification-Id; stable across retries. */
  readonly notificationId: string;
  /** modelwatch: who acknowledged, for `acknowledged`; else null. */
  readonly acknowledgedBy: string | null;
  /** modelwatch: when the notification was made, ISO. */
  readonly createdAt: string;
}

/**
 * POSTs each notification as JSON (WebhookMessage), signed (see webhook-signature.ts).
 * 2xx → delivered; 3xx → not retried (configure the final URL); 4xx other than 408/429 → not
 * retried; 408, 429, 5xx, network errors and timeouts → retryable.
 */
export class WebhookNotifier implements Notifier {
  readonly kind = 'webhook';
  readonly #url: string;
  readonly #secret: string;
  readonly #timeoutMs: number;
  readonly #maxAlerts: number;
  readonly #externalUrl: string;
  readonly #fetch: FetchLike;
  readonly #now: () => number;

  constructor(options: WebhookNotifierOptions) {
    let parsed: URL;
    try {
      parsed = new URL(options.url);
    } catch {
      throw new Error('webhook url is not a valid URL: set an absolute http(s) URL');
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
      throw new Error(`webhook url must be http or https, not ${parsed.protocol}`);
    }
    if (typeof options.secret !== 'string' || options.secret.length === 0) {
      throw new Error('webhook secret is empty: set a shared secret so the receiver can verify the signature');
    }
    const timeoutMs = options.timeoutMs ?? 10_000;
    if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) throw new RangeError(`webhook timeoutMs must be > 0, got ${timeoutMs}`);
    const maxAlerts = options.maxAlerts ?? 0;
    if (!(Number.isInteger(maxAlerts) && maxAlerts >= 0)) throw new RangeError(`webhook maxAlerts must be a whole number ≥ 0, got ${maxAlerts}`);
    this.#url = options.url;
    this.#secret = options.secret;
    this.#timeoutMs = timeoutMs;
    this.#maxAlerts = maxAlerts;
    this.#externalUrl = options.externalUrl ?? '';
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.#now = options.now ?? Date.now;
  }

  message(notification: Notification): WebhookMessage {
    return webhookMessage(notification, { maxAlerts: this.#maxAlerts, externalUrl: this.#externalUrl });
  }

  async send(notification: Notification, context: DeliveryContext): Promise<ReceiverData | undefined> {
    const body = JSON.stringify(this.message(notification));
    const timestamp = Math.floor(this.#now() / 1000);
    const target = `webhook ${safeTarget(this.#url)}`;
    const response = await httpPost({
      fetch: this.#fetch,
      url: this.#url,
      body,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'modelwatch',
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: signWebhookBody(this.#secret, timestamp, body),
        [NOTIFICATION_ID_HEADER]: notification.id,
      },
      timeoutMs: this.#timeoutMs,
      signal: context.signal,
      target,
      // The URL's path and query may hold tokens; a receiver echoing them must not leak them.
      secrets: [this.#secret, ...urlSecrets(this.#url)],
    });
    const error = statusError(target, response);
    if (error) throw error;
    return undefined;
  }
}

/** Builds the payload. Pure. */
export function webhookMessage(notification: Notification, options: { maxAlerts?: number; externalUrl?: string } = {}): WebhookMessage {
  const max = options.maxAlerts ?? 0;
  const alerts = max > 0 ? notification.alerts.slice(0, max) : notification.alerts;
  return {
    version: '4',
    groupKey: notification.groupKey,
    truncatedAlerts: notification.alerts.length - alerts.length,
    status: notification.status,
    receiver: notification.receiver,
    groupLabels: { ...notification.groupLabels },
    commonLabels: { ...notification.commonLabels },
    commonAnnotations: { ...notification.commonAnnotations },
    externalURL: options.externalUrl ?? '',
    alerts: alerts.map(webhookAlert),
    reason: notification.reason,
    notificationId: notification.id,
    acknowledgedBy: notification.acknowledgedBy ?? null,
    createdAt: new Date(notification.createdAt).toISOString(),
  };
}

function webhookAlert(alert: Alert): WebhookAlert {
  return {
    status: alert.state,
    labels: { ...alert.labels },
    annotations: { ...alert.annotations },
    startsAt: new Date(alert.startsAt).toISOString(),
    endsAt: alert.endsAt === null ? ZERO_TIME : new Date(alert.endsAt).toISOString(),
    generatorURL: '',
    fingerprint: alert.fingerprint,
    value: alert.value,
    threshold: alert.threshold,
    windowStart: alert.windowStart === null ? null : new Date(alert.windowStart).toISOString(),
    windowEnd: alert.windowEnd === null ? null : new Date(alert.windowEnd).toISOString(),
    ruleId: alert.ruleId,
  };
}

function urlSecrets(url: string): string[] {
  const parsed = new URL(url);
  const parts = [parsed.pathname, parsed.search, parsed.username, parsed.password];
  return parts.filter((p) => p.length > 1);
}
