/** Small helpers for Slack's mrkdwn and plain_text fields. */

/** Slack's three control characters in mrkdwn (https://docs.slack.dev/messaging/formatting-message-text#escaping). */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Reverses what Slack does to slash-command text and button labels (`&amp;`, `&lt;`, `&gt;`). */
export function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Inline code; backticks inside would end the span, so they become a look-alike. */
export function code(text: string): string {
  return `\`${escapeMrkdwn(text).replace(/`/g, 'ˋ')}\``;
}

export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** A Slack user mention when the id looks like one (U…/W…), otherwise the name as text. */
export function mentionOrName(who: string): string {
  return /^[UW][A-Z0-9]{2,}$/.test(who) ? `<@${who}>` : escapeMrkdwn(who);
}

/** `2024-05-01 12:00 UTC`. */
export function utcMinute(epochMs: number): string {
  const iso = new Date(epochMs).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** `2024-05-01 12:00–13:00 UTC`, or both dates when the window crosses midnight. */
export function utcWindow(startMs: number | null, endMs: number | null): string | undefined {
  if (startMs === null && endMs === null) return undefined;
  if (startMs === null) return `until ${utcMinute(endMs as number)}`;
  if (endMs === null) return `from ${utcMinute(startMs)}`;
  const start = new Date(startMs).toISOString();
  const end = new Date(endMs).toISOString();
  if (start.slice(0, 10) === end.slice(0, 10)) return `${start.slice(0, 10)} ${start.slice(11, 16)}–${end.slice(11, 16)} UTC`;
  return `${start.slice(0, 10)} ${start.slice(11, 16)} – ${end.slice(0, 10)} ${end.slice(11, 16)} UTC`;
}

/** Up to 4 significant digits, no exponent for ordinary magnitudes. */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined) return 'no data';
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e6 || magnitude < 1e-4) return value.toExponential(3);
  return String(Number(value.toPrecision(4)));
}

/** `1h`, `24h`, `1h 30m`, `2d`. */
export function formatDuration(ms: number): string {
  const units: [string, number][] = [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]];
  const parts: string[] = [];
  let rest = Math.round(ms);
  for (const [unit, size] of units) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.length === 0 ? `${ms}ms` : parts.join(' ');
}
