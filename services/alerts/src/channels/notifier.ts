import type { Notification } from '@modelwatch/core';

/**
 * What a channel remembers about a group between notifications (Alertmanager's nflog
 * `receiver_data`): Slack keeps the channel and parent `ts` so updates go to the thread.
 * Stored with the outbox entry; plain strings only.
 */
export type ReceiverData = Readonly<Record<string, string>>;

export interface DeliveryContext {
  /** What this channel returned for the same group and receiver last time, if anything. */
  readonly previous: ReceiverData | undefined;
  /** Recent values of the alerts' metric, oldest first, for charts; may be empty. */
  readonly history: readonly { readonly windowStart: number; readonly value: number | null }[];
  /** Cancelled when the attempt's deadline passes. */
  readonly signal: AbortSignal;
}

/** One channel of a receiver: Slack, email, PagerDuty or a webhook. */
export interface Notifier {
  /** `slack`, `email`, `pagerduty` or `webhook`; with the receiver name it identifies the integration. */
  readonly kind: string;
  /** True when `send` draws the metric's history (DeliveryContext.history); others get it empty. */
  readonly drawsHistory?: boolean;
  /** Sends one notification; resolves with data to keep for the next one, or throws DeliveryError. */
  send(notification: Notification, context: DeliveryContext): Promise<ReceiverData | undefined>;
}

/**
 * A failed send. `retryable` is false only when sending the same request again cannot succeed
 * (a 4xx other than 408/429, a refused address); such a notification is parked, never dropped.
 */
export class DeliveryError extends Error {
  readonly retryable: boolean;
  readonly status: number | undefined;

  constructor(message: string, options: { retryable: boolean; status?: number; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DeliveryError';
    this.retryable = options.retryable;
    this.status = options.status;
  }
}
