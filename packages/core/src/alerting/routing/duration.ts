/**
 * Prometheus durations (`30s`, `5m`, `1h30m`, `0s`), as Alertmanager's config reads them.
 * Units run from largest to smallest, each at most once; a bare `0` is allowed.
 */
const UNIT_MS: Readonly<Record<string, number>> = {
  y: 365 * 24 * 3_600_000,
  w: 7 * 24 * 3_600_000,
  d: 24 * 3_600_000,
  h: 3_600_000,
  m: 60_000,
  s: 1_000,
  ms: 1,
};

const DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const UNITS_IN_ORDER = ['y', 'w', 'd', 'h', 'm', 's', 'ms'] as const;

/** Milliseconds of a Prometheus duration string, or null when it is not one. */
export function parseDuration(text: string): number | null {
  if (text === '0') return 0;
  const match = DURATION.exec(text);
  if (!match || text === '') return null;
  let total = 0;
  UNITS_IN_ORDER.forEach((unit, i) => {
    const amount = match[i + 1];
    if (amount !== undefined) total += Number(amount) * (UNIT_MS[unit] ?? 0);
  });
  return total;
}

/** The shortest Prometheus string for `ms` (`90_000` → `1m30s`), for messages. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = ms;
  let text = '';
  for (const unit of UNITS_IN_ORDER) {
    const size = UNIT_MS[unit] ?? 1;
    const amount = Math.floor(rest / size);
    if (amount > 0) {
      text += `${amount}${unit}`;
      rest -= amount * size;
    }
  }
  return text;
}
