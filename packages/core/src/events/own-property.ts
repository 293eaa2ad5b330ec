/**
 * A producer's maps (features, scores, segments, attributions) are plain objects keyed by the
 * producer's names. JSON.parse makes every name an own property, `__proto__` too; assignment does
 * not (`map['__proto__'] = v` sets or ignores the prototype, so the entry is lost), and `in` or a
 * bare lookup finds Object.prototype's members (`constructor`, `toString`) in a map without them.
 */
export function setOwn<T>(map: Record<string, T>, name: string, value: T): void {
  if (name === '__proto__') Object.defineProperty(map, name, { value, enumerable: true, writable: true, configurable: true });
  else map[name] = value;
}

/** The map's own entry for the name; undefined when the map has none (whatever its prototype has). */
export function ownValue<T>(map: Readonly<Record<string, T>> | undefined, name: string): T | undefined {
  return map !== undefined && Object.hasOwn(map, name) ? map[name] : undefined;
}
