import { createHash } from 'node:crypto';
import { groupName, type Alert, type Notification } from '@modelwatch/core';
import type { ReceiverData } from '../notifier.ts';
import { escapeHtml, formatNumber, formatTime, oneLine, safeHttpUrl } from './html.ts';

/** One alert email, ready for nodemailer. */
export interface AlertEmail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** `<…@domain>`: unique per notification and the same on every retry of it. */
  readonly messageId: string;
  /** The previous message of the group when known, else the group's root id. */
  readonly inReplyTo: string;
  /** The group's root id, then the previous message's id when known. */
  readonly references: readonly string[];
  /** Extra headers: Auto-Submitted (RFC 3834, no auto-replies) and modelwatch's ids. */
  readonly headers: Readonly<Record<string, string>>;
}

export interface AlertEmailOptions {
  /** Domain of the Message-IDs; use the sender's. */
  readonly domain: string;
  /** What this receiver's previous email of the group returned (`message_id`), if any. */
  readonly previous?: ReceiverData | undefined;
  /** modelwatch's URL, linked at the bottom when set. */
  readonly externalUrl?: string | undefined;
}

/**
 * Threading: every message of a group carries `References: <group.{sha256(groupKey)[:32]}@domain>`
 * (a root id that is never itself sent), plus the previous message's id when the channel
 * remembers it. Thunderbird, Apple Mail and Outlook thread on References/In-Reply-To; Gmail
 * also needs a similar subject, which the group name keeps. Each notification's own Message-ID
 * is derived from its id, so a retried send has the same Message-ID and mail clients drop the
 * duplicate.
 */
export function groupRootMessageId(groupKey: string, domain: string): string {
  return `<group.${sha256(groupKey).slice(0, 32)}@${domain}>`;
}

export function notificationMessageId(notification: Notification, domain: string): string {
  return `<${sha256(notification.id).slice(0, 24)}.${sha256(notification.groupKey).slice(0, 32)}@${domain}>`;
}

/** `[FIRING:2] data-drift fraud-detector`, `[RESOLVED] …`, `[ACKNOWLEDGED] …` (Alertmanager's default subject). */
export function alertSubject(notification: Notification): string {
  const firing = notification.alerts.filter((a) => a.state === 'firing').length;
  const status = notification.status.toUpperCase();
  const head = notification.status === 'firing' ? `[${status}:${firing}]` : `[${status}]`;
  return oneLine(`${head} ${groupName(notification)}`);
}

export function composeAlertEmail(notification: Notification, options: AlertEmailOptions): AlertEmail {
  const root = groupRootMessageId(notification.groupKey, options.domain);
  const previous = options.previous?.['message_id'];
  const references = previous !== undefined && previous !== root ? [root, previous] : [root];
  return {
    subject: alertSubject(notification),
    text: textBody(notification, options.externalUrl),
    html: htmlBody(notification, options.externalUrl),
    messageId: notificationMessageId(notification, options.domain),
    inReplyTo: previous ?? root,
    references,
    headers: {
      'Auto-Submitted': 'auto-generated',
      'X-Modelwatch-Notification-Id': oneLine(notification.id),
      'X-Modelwatch-Receiver': oneLine(notification.receiver),
      'X-Modelwatch-Status': notification.status,
    },
  };
}

/** The rows every alert shows, in order; values are raw text (escape for HTML). */
export function alertRows(alert: Alert): [string, string][] {
  const l = alert.labels;
  const window =
    alert.windowStart === null && alert.windowEnd === null ? 'n/a' : `${formatTime(alert.windowStart)} – ${formatTime(alert.windowEnd)}`;
  return [
    ['Model', l['model_id'] ?? 'n/a'],
    ['Version', l['model_version'] ?? 'n/a'],
    ['Segment', l['segment'] ?? 'all'],
    ['Metric', l['metric'] ?? 'n/a'],
    ['Feature', l['feature'] ?? 'n/a'],
    ['Value', formatNumber(alert.value)],
    ['Threshold', formatNumber(alert.threshold)],
    ['Window', window],
    ['Summary', alert.annotations['summary'] ?? alert.annotations['description'] ?? ''],
  ];
}

function intro(notification: Notification): string {
  const firing = notification.alerts.filter((a) => a.state === 'firing').length;
  const resolved = notification.alerts.length - firing;
  switch (notification.status) {
    case 'firing':
      return `${firing} alert${firing === 1 ? '' : 's'} firing${resolved > 0 ? `, ${resolved} resolved` : ''} for ${groupName(notification)}.`;
    case 'resolved':
      return `All alerts of ${groupName(notification)} are resolved.`;
    case 'acknowledged':
      return `${groupName(notification)} was acknowledged${notification.acknowledgedBy ? ` by ${notification.acknowledgedBy}` : ''}.`;
  }
}

function sections(notification: Notification): { title: string; alerts: readonly Alert[] }[] {
  const firing = notification.alerts.filter((a) => a.state === 'firing');
  const other = notification.alerts.filter((a) => a.state !== 'firing');
  return [
    { title: `Firing (${firing.length})`, alerts: firing },
    { title: `Resolved (${other.length})`, alerts: other },
  ].filter((s) => s.alerts.length > 0);
}

function alertTitle(alert: Alert): string {
  return `${alert.labels['alertname'] ?? alert.ruleId} (${alert.severity})`;
}

function textBody(notification: Notification, externalUrl: string | undefined): string {
  const lines: string[] = [intro(notification), `Receiver: ${notification.receiver} · reason: ${notification.reason}`, ''];
  for (const section of sections(notification)) {
    lines.push(`== ${section.title} ==`, '');
    for (const alert of section.alerts) {
      lines.push(`* ${alertTitle(alert)}`);
      for (const [name, value] of alertRows(alert)) if (value !== '') lines.push(`  ${name}: ${value}`);
      const runbook = safeHttpUrl(alert.annotations['runbook_url']);
      if (runbook) lines.push(`  Runbook: ${runbook}`);
      lines.push('');
    }
  }
  if (externalUrl) lines.push(`modelwatch: ${externalUrl}`);
  lines.push(`Group: ${notification.groupKey}`);
  return lines.join('\n') + '\n';
}

function htmlBody(notification: Notification, externalUrl: string | undefined): string {
  const color = notification.status === 'firing' ? '#b42318' : notification.status === 'resolved' ? '#067647' : '#b54708';
  const parts: string[] = [
    '<!doctype html>',
    '<html><body style="font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;font-size:14px;color:#1d2939">',
    `<h2 style="color:${color};margin:0 0 8px">${escapeHtml(alertSubject(notification))}</h2>`,
    `<p style="margin:0 0 4px">${escapeHtml(intro(notification))}</p>`,
    `<p style="margin:0 0 16px;color:#667085">Receiver: ${escapeHtml(notification.receiver)} · reason: ${escapeHtml(notification.reason)}</p>`,
  ];
  for (const section of sections(notification)) {
    parts.push(`<h3 style="margin:16px 0 8px">${escapeHtml(section.title)}</h3>`);
    for (const alert of section.alerts) {
      parts.push(`<table style="border-collapse:collapse;margin:0 0 12px;min-width:420px">`);
      parts.push(`<tr><th colspan="2" style="text-align:left;padding:4px 8px;background:#f2f4f7">${escapeHtml(alertTitle(alert))}</th></tr>`);
      for (const [name, value] of alertRows(alert)) {
        if (value === '') continue;
        parts.push(
          `<tr><td style="padding:2px 8px;color:#667085">${escapeHtml(name)}</td><td style="padding:2px 8px">${escapeHtml(value)}</td></tr>`,
        );
      }
      const runbook = safeHttpUrl(alert.annotations['runbook_url']);
      if (runbook) {
        parts.push(
          `<tr><td style="padding:2px 8px;color:#667085">Runbook</td><td style="padding:2px 8px"><a href="${escapeHtml(runbook)}">${escapeHtml(runbook)}</a></td></tr>`,
        );
      }
      parts.push('</table>');
    }
  }
  const link = safeHttpUrl(externalUrl);
  if (link) parts.push(`<p><a href="${escapeHtml(link)}">Open modelwatch</a></p>`);
  parts.push(`<p style="color:#98a2b3;font-size:12px">Group: ${escapeHtml(notification.groupKey)}</p>`);
  parts.push('</body></html>');
  return parts.join('\n');
}

function sha256(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}
