/** Durations in rules: `30s`, `10m`, `2h`, `1d`, `500ms`, or a number of milliseconds. */

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds, or undefined when `raw` is not a duration. */
export function parseDuration(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isSafeInteger(raw) && raw >= 0 ? raw : undefined;
  if (typeof raw !== 'string') return undefined;
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(raw.trim());
  if (!match) return undefined;
  const ms = Number(match[1]) * UNITS[match[2]!]!;
  return Number.isSafeInteger(ms) ? ms : undefined;
}

/** The shortest exact form (`90s` stays `90s`, `7200000` becomes `2h`), so durations round-trip. */
export function formatDuration(ms: number): string {
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    const size = UNITS[unit]!;
    if (ms > 0 && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}
