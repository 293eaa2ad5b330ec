import { createHash } from 'node:crypto';
import type { Labels } from '../alert.ts';

/**
 * The identity of an alert instance: the first 32 hex digits (128 bits) of
 * SHA-256 of the UTF-8 JSON text `[ruleId, [[name, value], ...]]`, the labels sorted by name
 * (code-unit order). JSON quoting makes the form unambiguous whatever the names and values hold.
 * The rule id is also the `alertname` label; it is hashed on its own too so that the form stays
 * the same should a caller ever pass labels without it.
 */
export function alertFingerprint(ruleId: string, labels: Labels): string {
  const entries = Object.keys(labels).sort().map((name) => [name, labels[name]!]);
  return createHash('sha256').update(JSON.stringify([ruleId, entries])).digest('hex').slice(0, 32);
}
