/** Event times modelwatch accepts: years 2000 to 2100, so seconds sent as milliseconds are caught. */
const EARLIEST_MS = Date.UTC(2000, 0, 1);
const LATEST_MS = Date.UTC(2100, 0, 1);
const ISO_8601 = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Reads an event time given as epoch milliseconds or an ISO-8601 string with a zone.
 * Returns epoch milliseconds, or a sentence saying what is wrong.
 */
export function parseEventTime(value: unknown): number | string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return 'must be a finite number of epoch milliseconds';
    if (value >= EARLIEST_MS / 1000 && value < LATEST_MS / 1000) {
      return `${value} looks like epoch seconds; send epoch milliseconds (${Math.round(value * 1000)})`;
    }
    if (value < EARLIEST_MS || value >= LATEST_MS) return `${value} is not an epoch-milliseconds time between 2000 and 2100`;
    return Math.floor(value);
  }
  if (typeof value === 'string') {
    if (!ISO_8601.test(value)) return `"${clip(value)}" is not ISO-8601 with a zone, such as 2026-11-28T10:00:00.000Z`;
    const ms = Date.parse(value);
    if (Number.isNaN(ms) || ms < EARLIEST_MS || ms >= LATEST_MS) return `"${clip(value)}" is not a time between 2000 and 2100`;
    return ms;
  }
  return `must be epoch milliseconds or an ISO-8601 string, not ${typeName(value)}`;
}

export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value;
}

export function clip(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max)}...` : text;
}
