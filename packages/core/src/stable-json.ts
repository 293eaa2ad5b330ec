/**
 * JSON with object keys in code-unit order and undefined members left out, as JSON.stringify
 * would: the canonical form that content hashes (reference ids, the control log's chain) are
 * taken over, so equal content always hashes equally.
 */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : stableJson(v))).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const obj = value as Record<string, unknown>;
    const members = Object.keys(obj)
      .sort(compareCodeUnits)
      .filter((k) => obj[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stableJson(obj[k])}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value);
}

export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
