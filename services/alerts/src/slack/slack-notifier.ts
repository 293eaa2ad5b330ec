import type { Notification } from '@modelwatch/core';
import { webApi, type App } from '@slack/bolt';
import { DeliveryError, type DeliveryContext, type Notifier, type ReceiverData } from '../channels/notifier.ts';
import { fingerprintTag, renderAlertMessage, renderThreadUpdate, type RenderedMessage } from './alert-message.ts';

/** A Slack Web API client: a `WebClient`, or a Bolt app's `app.client`. */
export type SlackClient = webApi.WebClient | App['client'];

export interface SlackNotifierOptions {
  readonly client: SlackClient;
  /** Channel id (C…) or name; a group's thread stays in the channel its first message went to. */
  readonly channel: string;
  /** Alerts listed one by one in a message before "and N more". Default 10. */
  readonly maxAlerts?: number;
}

/**
 * A Web API client for the notifier that leaves retries to the delivery pipeline: no retries of
 * its own and rate limits reported at once (a default WebClient sleeps and retries for minutes).
 */
export function createSlackClient(options: { botToken: string; apiUrl?: string; timeoutMs?: number }): webApi.WebClient {
  return new webApi.WebClient(options.botToken, {
    ...(options.apiUrl === undefined ? {} : { slackApiUrl: withTrailingSlash(options.apiUrl) }),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: options.timeoutMs ?? 10_000,
    logLevel: webApi.LogLevel.ERROR,
  });
}

/** The Web API client joins method names onto the base URL: `…/api` and `…/api/` both mean `…/api/`. */
export function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/** Slack `error` codes after which sending the same request again can succeed. */
const RETRYABLE_SLACK_ERRORS = new Set([
  'ratelimited',
  'rate_limited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
  'timeout',
  'team_added_to_org',
]);

/** Fingerprint tags kept in receiver data (to tell new alerts from old ones); beyond this we keep none. */
const MAX_TRACKED_FINGERPRINTS = 100;

/**
 * The Slack channel of a receiver. The first notification of a group posts a message with the
 * alerts, a sparkline of the metric and buttons; later ones reply in its thread with what changed
 * and update the message to the group's current status. Receiver data: `channel` and `ts` of the
 * message, plus `status` and `firing` (fingerprint prefixes, comma-separated) of the last send.
 */
export class SlackNotifier implements Notifier {
  readonly kind = 'slack';
  readonly drawsHistory = true;
  private readonly client: SlackClient;
  private readonly channel: string;
  private readonly maxAlerts: number | undefined;

  constructor(options: SlackNotifierOptions) {
    this.client = options.client;
    this.channel = options.channel;
    this.maxAlerts = options.maxAlerts;
  }

  async send(notification: Notification, context: DeliveryContext): Promise<ReceiverData> {
    const render = { maxAlerts: this.maxAlerts };
    const parent = renderAlertMessage(notification, context.history, render);
    const previous = context.previous;
    const previousTs = previous?.['ts'];
    const previousChannel = previous?.['channel'] ?? this.channel;
    // A group that fires again after it resolved, or the routing engine's first notification, starts a new message.
    const startOver =
      previousTs === undefined ||
      previousTs === '' ||
      notification.reason === 'first_notification' ||
      (previous?.['status'] === 'resolved' && notification.status !== 'resolved');

    if (!startOver) {
      // Update the parent first: chat.update is idempotent, so a retry after a failed thread reply repeats nothing visible.
      const updated = await this.call('chat.update', context.signal, () =>
        this.client.chat.update({ channel: previousChannel, ts: previousTs, text: parent.text, blocks: parent.blocks }),
      ).then(
        () => true,
        (error: unknown) => {
          // The message was deleted (or cannot be edited): post a fresh one rather than park the group.
          if (error instanceof DeliveryError && /message_not_found|cant_update_message|edit_window_closed/.test(error.message)) return false;
          throw error;
        },
      );
      if (updated) {
        const reply = renderThreadUpdate(notification, parseFiring(previous?.['firing']), render);
        await this.post(context.signal, { channel: previousChannel, thread_ts: previousTs, ...reply });
        return receiverData(notification, previousChannel, previousTs);
      }
    }
    const posted = await this.post(context.signal, { channel: this.channel, ...parent });
    return receiverData(notification, posted.channel ?? this.channel, posted.ts);
  }

  private async post(signal: AbortSignal, message: RenderedMessage & { channel: string; thread_ts?: string }): Promise<{ channel: string | undefined; ts: string }> {
    const result = await this.call('chat.postMessage', signal, () => this.client.chat.postMessage({ ...message, unfurl_links: false, unfurl_media: false }));
    if (typeof result.ts !== 'string' || result.ts === '') throw new DeliveryError('Slack chat.postMessage returned no ts', { retryable: true });
    return { channel: typeof result.channel === 'string' ? result.channel : undefined, ts: result.ts };
  }

  /** Runs one Web API call, gives up when the attempt's deadline passes, and turns failures into DeliveryError. */
  private async call<T>(method: string, signal: AbortSignal, run: () => Promise<T>): Promise<T> {
    if (signal.aborted) throw new DeliveryError(`Slack ${method} not sent: the delivery attempt was cancelled`, { retryable: true, cause: signal.reason });
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(new DeliveryError(`Slack ${method} timed out: the delivery attempt was cancelled`, { retryable: true, cause: signal.reason }));
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([run(), aborted]);
    } catch (error) {
      throw toDeliveryError(method, error);
    } finally {
      if (onAbort !== undefined) signal.removeEventListener('abort', onAbort);
    }
  }
}

function receiverData(notification: Notification, channel: string, ts: string): ReceiverData {
  const firing = notification.alerts.filter((a) => a.state !== 'resolved');
  const data: Record<string, string> = { channel, ts, status: notification.status };
  if (firing.length <= MAX_TRACKED_FINGERPRINTS) data['firing'] = firing.map(fingerprintTag).join(',');
  return data;
}

function parseFiring(raw: string | undefined): ReadonlySet<string> | undefined {
  if (raw === undefined) return undefined;
  return new Set(raw.split(',').filter((s) => s !== ''));
}

/**
 * Classifies a Web API failure: rate limits, Slack's 5xx and network errors are retryable;
 * platform errors such as `channel_not_found`, `invalid_auth` or `not_in_channel` are not.
 */
export function toDeliveryError(method: string, error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as {
    code?: unknown;
    data?: { error?: unknown };
    statusCode?: unknown;
    retryAfter?: unknown;
    message?: unknown;
  };
  switch (e.code) {
    case 'slack_webapi_platform_error': {
      const slackError = typeof e.data?.error === 'string' ? e.data.error : 'unknown_error';
      return new DeliveryError(`Slack ${method} failed: ${slackError}${hint(slackError)}`, { retryable: RETRYABLE_SLACK_ERRORS.has(slackError), cause: error });
    }
    case 'slack_webapi_rate_limited_error':
      return new DeliveryError(`Slack ${method} rate limited${typeof e.retryAfter === 'number' ? `; retry after ${e.retryAfter}s` : ''}`, { retryable: true, status: 429, cause: error });
    case 'slack_webapi_http_error': {
      const status = typeof e.statusCode === 'number' ? e.statusCode : undefined;
      const retryable = status === undefined || status >= 500 || status === 408 || status === 429;
      return new DeliveryError(`Slack ${method} failed: HTTP ${status ?? '?'}`, { retryable, ...(status === undefined ? {} : { status }), cause: error });
    }
    case 'slack_webapi_request_error':
      return new DeliveryError(`Slack ${method} could not reach Slack: ${String(e.message ?? error)}`, { retryable: true, cause: error });
    default:
      return new DeliveryError(`Slack ${method} failed: ${error instanceof Error ? error.message : String(error)}`, { retryable: true, cause: error });
  }
}

function hint(slackError: string): string {
  switch (slackError) {
    case 'not_in_channel':
      return ' (invite the bot to the channel: /invite @modelwatch)';
    case 'channel_not_found':
      return ' (check alerts.slack.channel: a channel id such as C0123ABC the bot can see)';
    case 'invalid_auth':
    case 'not_authed':
    case 'token_revoked':
    case 'account_inactive':
      return ' (check alerts.slack.bot_token)';
    case 'missing_scope':
      return ' (the bot token needs the chat:write scope)';
    default:
      return '';
  }
}
