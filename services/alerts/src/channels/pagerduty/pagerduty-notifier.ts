import { createHash } from 'node:crypto';
import { groupName, highestSeverity, type Alert, type Notification, type Severity } from '@modelwatch/core';
import type { DeliveryContext, Notifier, ReceiverData } from '../notifier.ts';
import { httpPost, safeTarget, statusError, type FetchLike } from '../http-post.ts';

export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';

export interface PagerDutyNotifierOptions {
  /** The Events v2 integration (routing) key: a secret, never put in errors or logs. */
  readonly routingKey: string;
  /** Default https://events.pagerduty.com/v2/enqueue (the EU service: https://events.eu.pagerduty.com/v2/enqueue). */
  readonly url?: string;
  /** Per-request timeout, ms. Default 10 000. The attempt's deadline (context.signal) also applies. */
  readonly timeoutMs?: number;
  readonly fetch?: FetchLike;
  /** Sent as `client_url` (a link back to modelwatch), when set. */
  readonly clientUrl?: string;
}

/** The Events v2 actions modelwatch sends. */
export type PagerDutyEventAction = 'trigger' | 'acknowledge' | 'resolve';

/** PagerDuty Events API v2 event (PagerDuty/api-schema reference/events-v2). */
export interface PagerDutyEvent {
  readonly routing_key: string;
  readonly event_action: PagerDutyEventAction;
  readonly dedup_key: string;
  readonly payload: {
    readonly summary: string;
    readonly source: string;
    readonly severity: 'critical' | 'error' | 'warning' | 'info';
    readonly timestamp: string;
    readonly component?: string;
    readonly group?: string;
    readonly class?: string;
    readonly custom_details: PagerDutyCustomDetails;
  };
  readonly client: string;
  readonly client_url?: string;
  readonly links: readonly { readonly href: string; readonly text: string }[];
}

export interface PagerDutyCustomDetails {
  readonly status: Notification['status'];
  readonly reason: Notification['reason'];
  readonly receiver: string;
  readonly group_key: string;
  readonly notification_id: string;
  readonly firing: number;
  readonly resolved: number;
  readonly acknowledged_by?: string;
  /** Alerts left out to keep the event under 512 000 bytes. */
  readonly truncated_alerts?: number;
  readonly alerts: readonly PagerDutyAlertDetails[];
}

export interface PagerDutyAlertDetails {
  readonly fingerprint: string;
  readonly status: Alert['state'];
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly value: number | null;
  readonly threshold: number | null;
  readonly window_start: string | null;
  readonly window_end: string | null;
  readonly starts_at: string;
  readonly ends_at: string | null;
}

/** PagerDuty's limits (Events v2; Alertmanager notify/pagerduty). */
export const PAGERDUTY_LIMITS = Object.freeze({ summaryChars: 1024, dedupKeyChars: 255, eventBytes: 512_000 });

/**
 * Sends a notification group to PagerDuty Events v2: one PagerDuty alert per modelwatch group.
 *
 * - `firing` → `trigger`, `resolved` → `resolve`, `acknowledged` → `acknowledge`; all three carry
 *   the same `dedup_key` so PagerDuty updates the one alert (a repeat `trigger` is deduplicated
 *   into it). The full event (payload, client, links) is sent with every action, as Alertmanager
 *   does; PagerDuty reads `payload` on `trigger` only, and the rest shows in its event log.
 * - `dedup_key` is the group key itself when it fits PagerDuty's 255 characters (255 UTF-8
 *   bytes, to be safe with non-ASCII label values), so on-call can read it; otherwise the
 *   64-hex SHA-256 of the group key. The choice depends on the key only, so every event of a
 *   group carries the same dedup_key.
 * - severity: modelwatch's critical/warning/info map to PagerDuty's critical/warning/info. Not
 *   `error` (Alertmanager's default): modelwatch has no level between warning and critical, and
 *   inventing one would make PagerDuty's severity-based urgency rules disagree with the rule's.
 *   The group's severity is the highest of its firing alerts (of all alerts when none fire).
 * - 2xx (PagerDuty answers 202) → delivered; 400 and other 4xx → DeliveryError, not retried;
 *   408, 429, 5xx, network errors, the own timeout and the attempt's deadline → retryable.
 */
export class PagerDutyNotifier implements Notifier {
  readonly kind = 'pagerduty';
  readonly #routingKey: string;
  readonly #url: string;
  readonly #timeoutMs: number;
  readonly #fetch: FetchLike;
  readonly #clientUrl: string | undefined;

  constructor(options: PagerDutyNotifierOptions) {
    if (typeof options.routingKey !== 'string' || options.routingKey.trim() === '') {
      throw new Error('PagerDuty routingKey is empty: set the Events v2 integration key of the service');
    }
    const timeoutMs = options.timeoutMs ?? 10_000;
    if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
      throw new RangeError(`PagerDuty timeoutMs must be a number > 0, got ${timeoutMs}`);
    }
    this.#routingKey = options.routingKey.trim();
    this.#url = options.url ?? PAGERDUTY_EVENTS_URL;
    this.#timeoutMs = timeoutMs;
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.#clientUrl = options.clientUrl;
  }

  async send(notification: Notification, context: DeliveryContext): Promise<ReceiverData | undefined> {
    // Not exposed as a method: the event holds the routing key, and whatever is public gets logged.
    const event = pagerDutyEvent(notification, this.#routingKey, this.#clientUrl);
    const target = `PagerDuty (${safeTarget(this.#url)})`;
    const secrets = [this.#routingKey];
    const response = await httpPost({
      fetch: this.#fetch,
      url: this.#url,
      body: JSON.stringify(event),
      headers: { 'content-type': 'application/json', accept: 'application/json', 'user-agent': 'modelwatch' },
      timeoutMs: this.#timeoutMs,
      signal: context.signal,
      target,
      secrets,
    });
    const error = statusError(target, response);
    if (error) throw error;
    return { dedup_key: event.dedup_key };
  }
}

/** Builds the Events v2 event for a notification. Pure. */
export function pagerDutyEvent(notification: Notification, routingKey: string, clientUrl?: string): PagerDutyEvent {
  const firing = notification.alerts.filter((a) => a.state === 'firing');
  const resolved = notification.alerts.filter((a) => a.state === 'resolved');
  const common = notification.commonLabels;
  const modelId = common['model_id'];
  const base = {
    routing_key: routingKey,
    event_action: eventAction(notification.status),
    dedup_key: pagerDutyDedupKey(notification.groupKey),
  };
  const details = (alerts: readonly Alert[], truncated: number): PagerDutyCustomDetails => ({
    status: notification.status,
    reason: notification.reason,
    receiver: notification.receiver,
    group_key: notification.groupKey,
    notification_id: notification.id,
    firing: firing.length,
    resolved: resolved.length,
    ...(notification.acknowledgedBy === undefined ? {} : { acknowledged_by: notification.acknowledgedBy }),
    ...(truncated > 0 ? { truncated_alerts: truncated } : {}),
    alerts: alerts.map(alertDetails),
  });
  const build = (alerts: readonly Alert[], truncated: number): PagerDutyEvent => ({
    ...base,
    payload: {
      summary: truncateChars(summaryOf(notification, firing.length), PAGERDUTY_LIMITS.summaryChars),
      source: modelId ?? 'modelwatch',
      severity: pagerDutySeverity(highestSeverity(notification.alerts) ?? 'info'),
      timestamp: new Date(notification.createdAt).toISOString(),
      ...(modelId === undefined ? {} : { component: modelId }),
      ...(common['model_version'] === undefined ? {} : { group: common['model_version'] }),
      ...(common['metric'] === undefined ? {} : { class: common['metric'] }),
      custom_details: details(alerts, truncated),
    },
    client: 'modelwatch',
    ...(clientUrl === undefined ? {} : { client_url: clientUrl }),
    links: runbookLinks(notification),
  });
  // Keep the event under PagerDuty's 512 000 bytes by leaving out alerts from the end.
  let kept = notification.alerts.length;
  let event = build(notification.alerts, 0);
  while (kept > 0 && Buffer.byteLength(JSON.stringify(event), 'utf8') > PAGERDUTY_LIMITS.eventBytes) {
    kept = Math.floor(kept / 2);
    event = build(notification.alerts.slice(0, kept), notification.alerts.length - kept);
  }
  return event;
}

/** The group key when it fits in 255 UTF-8 bytes, else its SHA-256 in hex (64 characters). */
export function pagerDutyDedupKey(groupKey: string): string {
  if (groupKey.length > 0 && Buffer.byteLength(groupKey, 'utf8') <= PAGERDUTY_LIMITS.dedupKeyChars) return groupKey;
  return createHash('sha256').update(groupKey, 'utf8').digest('hex');
}

export function pagerDutySeverity(severity: Severity): 'critical' | 'warning' | 'info' {
  switch (severity) {
    case 'critical':
      return 'critical';
    case 'warning':
      return 'warning';
    case 'info':
      return 'info';
  }
}

function eventAction(status: Notification['status']): PagerDutyEventAction {
  switch (status) {
    case 'firing':
      return 'trigger';
    case 'resolved':
      return 'resolve';
    case 'acknowledged':
      return 'acknowledge';
  }
}

/** `[FIRING:2] data-drift fraud-detector: <summary of the first alert>`. */
function summaryOf(notification: Notification, firing: number): string {
  const status = notification.status.toUpperCase();
  const head = notification.status === 'firing' ? `[${status}:${firing}]` : `[${status}]`;
  const name = groupName(notification);
  const first = notification.alerts[0];
  const text = notification.commonAnnotations['summary'] ?? first?.annotations['summary'];
  const by = notification.status === 'acknowledged' && notification.acknowledgedBy ? ` by ${notification.acknowledgedBy}` : '';
  return `${head} ${name}${by}${text ? `: ${text}` : ''}`.replace(/\s+/g, ' ').trim();
}

function alertDetails(alert: Alert): PagerDutyAlertDetails {
  return {
    fingerprint: alert.fingerprint,
    status: alert.state,
    labels: { ...alert.labels },
    annotations: { ...alert.annotations },
    value: alert.value,
    threshold: alert.threshold,
    window_start: isoOrNull(alert.windowStart),
    window_end: isoOrNull(alert.windowEnd),
    starts_at: new Date(alert.startsAt).toISOString(),
    ends_at: isoOrNull(alert.endsAt),
  };
}

/** Distinct http(s) `runbook_url` annotations, in alert order. */
function runbookLinks(notification: Notification): { href: string; text: string }[] {
  const links: { href: string; text: string }[] = [];
  const seen = new Set<string>();
  const add = (href: string | undefined, name: string | undefined) => {
    if (href === undefined || seen.has(href) || !isHttpUrl(href)) return;
    seen.add(href);
    links.push({ href, text: `Runbook: ${name ?? 'alert'}` });
  };
  add(notification.commonAnnotations['runbook_url'], notification.commonLabels['alertname']);
  for (const alert of notification.alerts) add(alert.annotations['runbook_url'], alert.labels['alertname'] ?? alert.ruleId);
  return links;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/** At most `max` characters (code points, so no surrogate pair is split), with `…` when cut. */
function truncateChars(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return chars.slice(0, max - 1).join('') + '…';
}
