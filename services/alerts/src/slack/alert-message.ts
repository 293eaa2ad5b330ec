import { highestSeverity, type Alert, type Notification, type Severity } from '@modelwatch/core';
import type { types } from '@slack/bolt';
import type { DeliveryContext } from '../channels/notifier.ts';
import { code, escapeMrkdwn, formatNumber, mentionOrName, truncate, utcMinute, utcWindow } from './mrkdwn.ts';

export type KnownBlock = types.KnownBlock;
type Button = types.Button;
type ContextElement = types.ContextBlockElement;

/**
 * Action ids of the buttons on alert messages. Acknowledge and Resolve carry the group key as
 * their value; the two Silence buttons carry `SilenceButtonValue` as JSON; Runbook is a URL button.
 */
export const ACTION_IDS = {
  acknowledge: 'modelwatch_acknowledge',
  silence1h: 'modelwatch_silence_1h',
  silence24h: 'modelwatch_silence_24h',
  resolve: 'modelwatch_resolve',
  runbook: 'modelwatch_runbook',
} as const;

/** Silence buttons: how long each one mutes for. */
export const SILENCE_BUTTON_DURATIONS_MS: Readonly<Record<string, number>> = {
  [ACTION_IDS.silence1h]: 3_600_000,
  [ACTION_IDS.silence24h]: 86_400_000,
};

export const ACTIONS_BLOCK_ID = 'modelwatch_actions';
export const STATE_BLOCK_ID = 'modelwatch_state';

/** The value of a Silence button: the group and the matchers that mute it (from its group labels). */
export interface SilenceButtonValue {
  readonly groupKey: string;
  readonly matchers: readonly string[];
}

/** Slack's limit on a button value. */
const MAX_BUTTON_VALUE = 2000;
const MAX_URL = 3000;
const DEFAULT_MAX_ALERTS = 10;
const SPARK = '▁▂▃▄▅▆▇█';
const SPARK_POINTS = 48;

export interface RenderedMessage {
  readonly text: string;
  readonly blocks: KnownBlock[];
}

export interface RenderOptions {
  /** Alerts listed one by one before "and N more". Default 10. */
  readonly maxAlerts?: number;
}

/** An Alertmanager equality matcher, `name="value"` with the value's `\`, `"` and newlines escaped. */
export function equalityMatcher(name: string, value: string): string {
  return `${name}="${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** Matchers that mute a group: its group labels, or its common labels when it groups by nothing. */
export function groupMatchers(notification: Pick<Notification, 'groupLabels' | 'commonLabels'>): string[] {
  const labels = Object.keys(notification.groupLabels).length > 0 ? notification.groupLabels : notification.commonLabels;
  return Object.keys(labels)
    .sort()
    .map((name) => equalityMatcher(name, labels[name] as string));
}

export function encodeSilenceValue(value: SilenceButtonValue): string {
  return JSON.stringify({ groupKey: value.groupKey, matchers: value.matchers });
}

export function decodeSilenceValue(raw: string | undefined): SilenceButtonValue | undefined {
  if (raw === undefined) return undefined;
  try {
    const parsed = JSON.parse(raw) as unknown;
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { groupKey, matchers } = parsed as Record<string, unknown>;
    if (typeof groupKey !== 'string' || !Array.isArray(matchers) || matchers.length === 0) return undefined;
    if (!matchers.every((m): m is string => typeof m === 'string' && m.length > 0)) return undefined;
    return { groupKey, matchers };
  } catch {
    return undefined;
  }
}

const SEVERITY_ICON: Record<Severity, string> = { info: '🔵', warning: '🟠', critical: '🔴' };

/** The group's severity: the highest among its firing alerts, else among all, else the common label. */
export function groupSeverity(notification: Notification): Severity {
  const best = highestSeverity(notification.alerts);
  if (best !== undefined) return best;
  const common = notification.commonLabels['severity'];
  return common === 'critical' || common === 'warning' || common === 'info' ? common : 'warning';
}

function statusIcon(notification: Notification): string {
  if (notification.status === 'resolved') return '✅';
  if (notification.status === 'acknowledged') return '👀';
  return SEVERITY_ICON[groupSeverity(notification)];
}

/** What the group is about, e.g. `accuracy_drop · fraud-detector`. */
export function groupTitle(notification: Notification): string {
  const labels = { ...notification.commonLabels, ...notification.groupLabels };
  const alertname = labels['alertname'] ?? (notification.alerts.length === 1 ? notification.alerts[0]?.labels['alertname'] : undefined);
  const model = labels['model_id'];
  const parts = [alertname ?? 'alerts', model].filter((p): p is string => p !== undefined && p !== '');
  return parts.join(' · ');
}

function counts(notification: Notification): { firing: number; resolved: number } {
  const firing = notification.alerts.filter((a) => a.state !== 'resolved').length;
  return { firing, resolved: notification.alerts.length - firing };
}

/** The plain-text fallback (notifications, screen readers, clients without Block Kit). */
export function fallbackText(notification: Notification): string {
  const { firing, resolved } = counts(notification);
  const status = notification.status.toUpperCase();
  const by = notification.status === 'acknowledged' && notification.acknowledgedBy ? ` by ${notification.acknowledgedBy}` : '';
  const tally = [firing > 0 ? `${firing} firing` : '', resolved > 0 ? `${resolved} resolved` : ''].filter(Boolean).join(', ');
  return `[${groupSeverity(notification).toUpperCase()}] ${status}${by}: ${groupTitle(notification)}${tally ? ` (${tally})` : ''}`;
}

function alertSection(alert: Alert): KnownBlock {
  const labels = alert.labels;
  const summary = alert.annotations['summary'] ?? alert.annotations['description'];
  const icon = alert.state === 'resolved' ? '✅' : alert.state === 'pending' ? '⏳' : SEVERITY_ICON[alert.severity];
  const name = labels['alertname'] ?? alert.ruleId;
  const headline = `${icon} *${escapeMrkdwn(name)}* (${alert.state})${summary ? `\n${escapeMrkdwn(summary)}` : ''}`;
  const fields: [string, string | undefined][] = [
    ['Model', labels['model_id']],
    ['Version', labels['model_version']],
    ['Segment', labels['segment']],
    ['Metric', labels['metric']],
    ['Feature', labels['feature']],
    ['Value', formatNumber(alert.value)],
    ['Threshold', alert.threshold === null ? undefined : formatNumber(alert.threshold)],
    ['Window', utcWindow(alert.windowStart, alert.windowEnd)],
  ];
  return {
    type: 'section',
    text: { type: 'mrkdwn', text: truncate(headline, 3000) },
    fields: fields
      .filter((f): f is [string, string] => f[1] !== undefined && f[1] !== '')
      .map(([label, value]) => ({ type: 'mrkdwn', text: truncate(`*${label}*\n${escapeMrkdwn(value)}`, 2000) })),
  };
}

/**
 * A Unicode sparkline (▁▂▃▄▅▆▇█, a space for windows without data) of the newest points, with
 * min, max and last: Slack cannot draw charts in Block Kit without an image host, so this is text.
 */
export function sparkline(history: DeliveryContext['history'], maxPoints = SPARK_POINTS): { line: string; min: number; max: number; last: number | null; points: number } | undefined {
  const points = history.slice(-maxPoints);
  const values = points.map((p) => p.value).filter((v): v is number => v !== null && Number.isFinite(v));
  if (values.length === 0) return undefined;
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min;
  const line = points
    .map((p) => {
      if (p.value === null || !Number.isFinite(p.value)) return ' ';
      const index = span === 0 ? 3 : Math.round(((p.value - min) / span) * (SPARK.length - 1));
      return SPARK[index] as string;
    })
    .join('');
  return { line, min, max, last: points[points.length - 1]?.value ?? null, points: points.length };
}

function chartSection(notification: Notification, history: DeliveryContext['history']): KnownBlock | undefined {
  const chart = sparkline(history);
  if (chart === undefined) return undefined;
  const first = notification.alerts[0];
  const metric = notification.commonLabels['metric'] ?? first?.labels['metric'] ?? 'metric';
  const threshold = first?.threshold ?? null;
  const from = history[Math.max(0, history.length - chart.points)]?.windowStart;
  const to = history[history.length - 1]?.windowStart;
  const span = from !== undefined && to !== undefined ? `, windows ${utcMinute(from)} → ${utcMinute(to)}` : '';
  const stats = [`min ${formatNumber(chart.min)}`, `max ${formatNumber(chart.max)}`, `last ${formatNumber(chart.last)}`];
  if (threshold !== null) stats.push(`threshold ${formatNumber(threshold)}`);
  return {
    type: 'section',
    block_id: 'modelwatch_chart',
    text: {
      type: 'mrkdwn',
      text: `*${escapeMrkdwn(metric)}*, last ${chart.points} windows (text sparkline${span}):\n\`\`\`${chart.line}\`\`\`\n${stats.join(' · ')}`,
    },
  };
}

function runbookUrl(notification: Notification): string | undefined {
  const url = notification.commonAnnotations['runbook_url'] ?? notification.alerts.find((a) => a.annotations['runbook_url'])?.annotations['runbook_url'];
  if (url === undefined || url.length > MAX_URL || !/^https?:\/\//i.test(url)) return undefined;
  return url;
}

function button(actionId: string, label: string, extra: Partial<Button> = {}): Button {
  return { type: 'button', action_id: actionId, text: { type: 'plain_text', text: label, emoji: true }, ...extra };
}

/** The buttons for a group in a given status: none to acknowledge once acknowledged, only the runbook once resolved. */
export function actionButtons(notification: Notification): Button[] {
  const buttons: Button[] = [];
  const groupKey = notification.groupKey;
  if (notification.status !== 'resolved' && groupKey.length <= MAX_BUTTON_VALUE) {
    if (notification.status !== 'acknowledged') buttons.push(button(ACTION_IDS.acknowledge, 'Acknowledge', { style: 'primary', value: groupKey }));
    const matchers = groupMatchers(notification);
    const silenceValue = encodeSilenceValue({ groupKey, matchers });
    if (matchers.length > 0 && silenceValue.length <= MAX_BUTTON_VALUE) {
      buttons.push(button(ACTION_IDS.silence1h, 'Silence 1h', { value: silenceValue }));
      buttons.push(button(ACTION_IDS.silence24h, 'Silence 24h', { value: silenceValue }));
    }
    buttons.push(
      button(ACTION_IDS.resolve, 'Resolve', {
        style: 'danger',
        value: groupKey,
        confirm: {
          title: { type: 'plain_text', text: 'Resolve by hand?' },
          text: { type: 'mrkdwn', text: 'The alerts are marked resolved now; they fire again if the condition still holds.' },
          confirm: { type: 'plain_text', text: 'Resolve' },
          deny: { type: 'plain_text', text: 'Cancel' },
        },
      }),
    );
  }
  const runbook = runbookUrl(notification);
  if (runbook !== undefined) buttons.push(button(ACTION_IDS.runbook, 'Runbook', { url: runbook, value: groupKey.slice(0, MAX_BUTTON_VALUE) }));
  return buttons;
}

/** The parent message of a group: header, who/what, each alert, the chart, state and buttons. */
export function renderAlertMessage(notification: Notification, history: DeliveryContext['history'], options: RenderOptions = {}): RenderedMessage {
  const maxAlerts = Math.max(1, options.maxAlerts ?? DEFAULT_MAX_ALERTS);
  const severity = groupSeverity(notification);
  const header = `${statusIcon(notification)} ${severity.toUpperCase()} · ${notification.status.toUpperCase()}: ${groupTitle(notification)}`;
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: truncate(header, 150), emoji: true } }];

  const { firing, resolved } = counts(notification);
  const since = notification.alerts.length > 0 ? Math.min(...notification.alerts.map((a) => a.startsAt)) : notification.createdAt;
  const summary = [`${firing} firing`, resolved > 0 ? `${resolved} resolved` : '', `since ${utcMinute(since)}`, `group ${code(truncate(notification.groupKey, 200))}`].filter(Boolean).join(' · ');
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: truncate(summary, 3000) }] });

  const shown = notification.alerts.slice(0, maxAlerts);
  for (const alert of shown) blocks.push(alertSection(alert));
  const hidden = notification.alerts.length - shown.length;
  if (hidden > 0) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${hidden} more alert${hidden === 1 ? '' : 's'} in this group.` }] });

  const chart = chartSection(notification, history);
  if (chart !== undefined) blocks.push(chart);

  const state = stateLine(notification);
  if (state !== undefined) blocks.push({ type: 'context', block_id: STATE_BLOCK_ID, elements: [{ type: 'mrkdwn', text: state }] });

  const buttons = actionButtons(notification);
  if (buttons.length > 0) blocks.push({ type: 'actions', block_id: ACTIONS_BLOCK_ID, elements: buttons });
  return { text: fallbackText(notification), blocks };
}

function stateLine(notification: Notification): string | undefined {
  if (notification.status === 'acknowledged') {
    return notification.acknowledgedBy ? `👀 Acknowledged by ${mentionOrName(notification.acknowledgedBy)}` : '👀 Acknowledged';
  }
  if (notification.status === 'resolved') return `✅ All alerts resolved (${utcMinute(notification.createdAt)})`;
  return undefined;
}

/** Short fingerprints kept in receiver data to tell which alerts are new in a later notification. */
export function fingerprintTag(alert: Alert): string {
  return alert.fingerprint.slice(0, 12);
}

function alertLine(alert: Alert): string {
  const l = alert.labels;
  const what = [l['alertname'] ?? alert.ruleId, l['model_id'], l['model_version'] ? `v${l['model_version']}` : undefined, l['segment'], l['feature'], l['metric']]
    .filter((p): p is string => p !== undefined && p !== '')
    .map(escapeMrkdwn)
    .join(' · ');
  const value = alert.value === null ? '' : ` = ${formatNumber(alert.value)}${alert.threshold === null ? '' : ` (threshold ${formatNumber(alert.threshold)})`}`;
  return `• ${what}${value}`;
}

function listAlerts(alerts: readonly Alert[], max: number): string {
  const lines = alerts.slice(0, max).map(alertLine);
  if (alerts.length > max) lines.push(`…and ${alerts.length - max} more`);
  return lines.join('\n');
}

/**
 * The thread reply for a later notification of a group: what changed since the last one.
 * `previousFiring` holds the fingerprint tags the last message showed firing, when known.
 */
export function renderThreadUpdate(notification: Notification, previousFiring: ReadonlySet<string> | undefined, options: RenderOptions = {}): RenderedMessage {
  const max = Math.max(1, options.maxAlerts ?? DEFAULT_MAX_ALERTS);
  const firing = notification.alerts.filter((a) => a.state !== 'resolved');
  const resolvedAlerts = notification.alerts.filter((a) => a.state === 'resolved');
  const lines: string[] = [];
  switch (notification.reason) {
    case 'acknowledged':
      lines.push(`👀 Acknowledged${notification.acknowledgedBy ? ` by ${mentionOrName(notification.acknowledgedBy)}` : ''}; ${firing.length} alert${firing.length === 1 ? '' : 's'} still firing.`);
      break;
    case 'escalation':
      lines.push(`⏫ Escalated: not acknowledged and still firing (${firing.length} alert${firing.length === 1 ? '' : 's'}).`);
      break;
    case 'all_alerts_resolved':
      lines.push(`✅ All ${notification.alerts.length} alert${notification.alerts.length === 1 ? '' : 's'} resolved.`);
      break;
    case 'repeat_interval_elapsed':
      lines.push(`🔁 Still firing: ${firing.length} alert${firing.length === 1 ? '' : 's'}.`);
      break;
    default:
      break;
  }
  if (notification.reason === 'new_alerts_in_group' || notification.reason === 'new_resolved_alerts' || notification.reason === 'first_notification' || lines.length === 0) {
    const fresh = previousFiring === undefined ? undefined : firing.filter((a) => !previousFiring.has(fingerprintTag(a)));
    if (fresh !== undefined && fresh.length > 0) lines.push(`🆕 ${fresh.length} new alert${fresh.length === 1 ? '' : 's'} firing:\n${listAlerts(fresh, max)}`);
    else if (fresh === undefined && notification.reason === 'new_alerts_in_group') lines.push(`🆕 New alerts in the group; ${firing.length} firing now:\n${listAlerts(firing, max)}`);
    const newlyResolved = previousFiring === undefined ? resolvedAlerts : resolvedAlerts.filter((a) => previousFiring.has(fingerprintTag(a)));
    if (newlyResolved.length > 0) lines.push(`✅ ${newlyResolved.length} alert${newlyResolved.length === 1 ? '' : 's'} resolved:\n${listAlerts(newlyResolved, max)}`);
    if (lines.length === 0) lines.push(`${notification.status === 'resolved' ? '✅' : 'ℹ️'} ${firing.length} firing, ${resolvedAlerts.length} resolved.`);
  }
  const text = lines.join('\n');
  return { text: truncate(text, 3000), blocks: [{ type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } }] };
}

/** How a button click changed a message, for `markMessage`. */
export interface MessageChange {
  readonly kind: 'acknowledged' | 'silenced' | 'resolved';
  readonly slackUserId: string;
  /** e.g. `for 1h, until 2024-05-01 13:00 UTC (silence 1234)`. */
  readonly detail?: string;
}

const CHANGE_TEXT: Record<MessageChange['kind'], string> = { acknowledged: '👀 Acknowledged', silenced: '🔕 Silenced', resolved: '✅ Resolved' };

/**
 * The message's blocks after a button click: a line in the state context block ("Acknowledged by
 * <@U123>") and the buttons that still make sense (no Acknowledge once acknowledged, only
 * Runbook once resolved).
 */
export function markMessage(blocks: readonly KnownBlock[], change: MessageChange): KnownBlock[] {
  const line = `${CHANGE_TEXT[change.kind]} by <@${change.slackUserId}>${change.detail ? ` ${change.detail}` : ''}`;
  const out: KnownBlock[] = [];
  let stateDone = false;
  for (const block of blocks) {
    if (block.type === 'context' && block.block_id === STATE_BLOCK_ID) {
      const added: ContextElement = { type: 'mrkdwn', text: line };
      const elements: ContextElement[] = [...block.elements, added].slice(-10);
      out.push({ ...block, elements });
      stateDone = true;
      continue;
    }
    if (block.type === 'actions' && block.block_id === ACTIONS_BLOCK_ID) {
      if (!stateDone) {
        out.push({ type: 'context', block_id: STATE_BLOCK_ID, elements: [{ type: 'mrkdwn', text: line }] });
        stateDone = true;
      }
      const keep = block.elements.filter((element) => {
        const id = 'action_id' in element ? element.action_id : undefined;
        if (change.kind === 'resolved') return id === ACTION_IDS.runbook;
        if (change.kind === 'acknowledged') return id !== ACTION_IDS.acknowledge;
        return true;
      });
      if (keep.length > 0) out.push({ ...block, elements: keep });
      continue;
    }
    out.push(block);
  }
  if (!stateDone) out.push({ type: 'context', block_id: STATE_BLOCK_ID, elements: [{ type: 'mrkdwn', text: line }] });
  return out;
}
