import cron from 'node-cron';
import type { Alert } from '@modelwatch/core';
import { escapeHtml, formatNumber, formatTime, oneLine } from './html.ts';

/** One model's day, as the service reads it from ClickHouse. */
export interface DigestModel {
  readonly modelId: string;
  /** Windows evaluated during the day. */
  readonly windows: number;
  readonly accuracy: number | null;
  readonly errorRate: number | null;
  readonly latencyP99Ms: number | null;
  readonly driftedFeatures: readonly string[];
  /** Alerts that started firing during the day. */
  readonly alertsFired: number;
  /** Alerts still firing when the digest is made. */
  readonly alertsActive: number;
}

export interface DigestInput {
  /** The day covered, `YYYY-MM-DD`. */
  readonly date: string;
  readonly models: readonly DigestModel[];
  readonly activeAlerts: readonly Alert[];
}

export interface Digest {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/**
 * Composes the daily digest. Pure: the same input gives the same mail. Models with active
 * alerts come first (most active first), then by id; every value from the data is escaped in
 * the HTML.
 */
export function composeDigest(input: DigestInput): Digest {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.date)) throw new RangeError(`digest date must be YYYY-MM-DD, got ${JSON.stringify(input.date)}`);
  const models = [...input.models].sort(
    (a, b) => b.alertsActive - a.alertsActive || b.alertsFired - a.alertsFired || a.modelId.localeCompare(b.modelId),
  );
  const active = input.activeAlerts.length;
  const fired = models.reduce((sum, m) => sum + m.alertsFired, 0);
  const drifting = models.filter((m) => m.driftedFeatures.length > 0).length;
  const subject = oneLine(
    `[modelwatch] Daily digest ${input.date}: ${plural(models.length, 'model')}, ${plural(active, 'active alert')}, ${plural(fired, 'alert')} fired`,
  );
  const headline = `${plural(models.length, 'model')} monitored; ${plural(fired, 'alert')} fired, ${active} still active; ${plural(drifting, 'model')} with drifted features.`;
  const rows = models.map((m) => ({
    model: m.modelId,
    windows: String(m.windows),
    accuracy: formatNumber(m.accuracy),
    errorRate: formatNumber(m.errorRate),
    latency: m.latencyP99Ms === null ? 'n/a' : `${formatNumber(m.latencyP99Ms)} ms`,
    drifted: m.driftedFeatures.length === 0 ? 'none' : m.driftedFeatures.join(', '),
    fired: String(m.alertsFired),
    active: String(m.alertsActive),
  }));
  const alerts = [...input.activeAlerts].sort((a, b) => severityRank(b) - severityRank(a) || a.startsAt - b.startsAt);
  const alertLine = (a: Alert) =>
    [
      a.labels['alertname'] ?? a.ruleId,
      `(${a.severity})`,
      a.labels['model_id'] ?? '',
      a.labels['feature'] ? `feature ${a.labels['feature']}` : '',
      `value ${formatNumber(a.value)} / threshold ${formatNumber(a.threshold)}`,
      `since ${formatTime(a.startsAt)}`,
    ]
      .filter((s) => s !== '')
      .join(' ');

  const text = [
    `modelwatch daily digest for ${input.date}`,
    headline,
    '',
    '== Models ==',
    ...(rows.length === 0
      ? ['No models reported.']
      : rows.map(
          (r) =>
            `* ${r.model}: ${r.windows} windows, accuracy ${r.accuracy}, error rate ${r.errorRate}, latency p99 ${r.latency}, drifted: ${r.drifted}, alerts fired ${r.fired}, active ${r.active}`,
        )),
    '',
    `== Active alerts (${active}) ==`,
    ...(alerts.length === 0 ? ['None.'] : alerts.map((a) => `* ${alertLine(a)}`)),
    '',
  ].join('\n');

  const th = (s: string) => `<th style="text-align:left;padding:4px 8px;background:#f2f4f7">${escapeHtml(s)}</th>`;
  const td = (s: string) => `<td style="padding:4px 8px;border-top:1px solid #eaecf0">${escapeHtml(s)}</td>`;
  const html = [
    '<!doctype html>',
    '<html><body style="font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;font-size:14px;color:#1d2939">',
    `<h2 style="margin:0 0 8px">modelwatch daily digest · ${escapeHtml(input.date)}</h2>`,
    `<p>${escapeHtml(headline)}</p>`,
    '<h3>Models</h3>',
    rows.length === 0
      ? '<p>No models reported.</p>'
      : [
          '<table style="border-collapse:collapse">',
          `<tr>${['Model', 'Windows', 'Accuracy', 'Error rate', 'Latency p99', 'Drifted features', 'Alerts fired', 'Active'].map(th).join('')}</tr>`,
          ...rows.map(
            (r) => `<tr>${[r.model, r.windows, r.accuracy, r.errorRate, r.latency, r.drifted, r.fired, r.active].map(td).join('')}</tr>`,
          ),
          '</table>',
        ].join('\n'),
    `<h3>Active alerts (${active})</h3>`,
    alerts.length === 0 ? '<p>None.</p>' : `<ul>\n${alerts.map((a) => `<li>${escapeHtml(alertLine(a))}</li>`).join('\n')}\n</ul>`,
    '</body></html>',
  ].join('\n');

  return { subject, text, html };
}

export interface DailyDigestSchedule {
  /** A node-cron expression (5 fields, or 6 with seconds). Default `0 8 * * *`: 08:00 every day. */
  readonly cron?: string;
  /** IANA time zone the expression is read in, e.g. `Europe/Paris`. Default UTC. */
  readonly timezone?: string;
  /** Queries the day's figures and mails the digest; the service supplies it. */
  readonly send: () => Promise<void>;
  /** Called when `send` throws; the schedule goes on. Default: ignore (the next day retries). */
  readonly onError?: (error: unknown) => void;
}

/**
 * Schedules the digest with node-cron and returns a function that stops it. Throws at once for
 * an invalid expression or time zone (node-cron alone accepts an unknown zone and then never
 * runs). A run never overlaps a previous one still sending.
 */
export function scheduleDailyDigest(schedule: DailyDigestSchedule): () => Promise<void> {
  const expression = schedule.cron ?? '0 8 * * *';
  const timezone = schedule.timezone ?? 'UTC';
  validateDigestSchedule(expression, timezone);
  const task = cron.schedule(
    expression,
    async () => {
      try {
        await schedule.send();
      } catch (error) {
        schedule.onError?.(error);
      }
    },
    { timezone, name: 'modelwatch-daily-digest', noOverlap: true },
  );
  return async () => {
    await task.stop();
    await task.destroy();
  };
}

/** Throws with what to fix when the expression or the time zone is not valid. */
export function validateDigestSchedule(expression: string, timezone: string): void {
  const detail = cron.validateDetailed(expression);
  if (!detail.valid) {
    const why = detail.errors.map((e) => `${e.field}: ${e.message}`).join('; ');
    throw new Error(`digest cron expression ${JSON.stringify(expression)} is invalid${why ? ` (${why})` : ''}; e.g. '0 8 * * *' for 08:00 daily`);
  }
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
  } catch {
    throw new Error(`digest timezone ${JSON.stringify(timezone)} is not an IANA time zone; e.g. 'Europe/Paris' or 'UTC'`);
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function severityRank(alert: Alert): number {
  return alert.severity === 'critical' ? 2 : alert.severity === 'warning' ? 1 : 0;
}
