import { createHash } from 'node:crypto';

/**
 * A stable id for an event that came without one: the same event sent twice gets the same
 * id, so retries by a producer can be recognised downstream. The parts are joined with a
 * separator that cannot occur in them unescaped (NUL), then hashed.
 */
export function deriveEventId(kind: string, parts: readonly (string | number)[]): string {
  const hash = createHash('sha256');
  hash.update(kind);
  for (const part of parts) {
    hash.update('\0');
    hash.update(String(part));
  }
  const hex = hash.digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
