import avro from 'avsc';
import { setOwn } from '@modelwatch/core';

/** The reading side of avsc's Tap that a map body needs. */
interface Tap {
  readLong(): number;
  skipLong(): void;
  readString(): string;
}

/**
 * avsc's map type, with every key read as an own property: avsc's own map reader assigns
 * (`map[key] = value`), which drops a `__proto__` key or makes its value the map's prototype,
 * while JSON.parse keeps it. Avro's block format: a count, negative when a byte size follows it
 * (skipped), items, until a count of 0.
 */
class OwnKeyMapType extends avro.types.MapType {
  _read(tap: Tap): Record<string, unknown> {
    const values = this.valuesType as { _read(tap: Tap): unknown };
    const map: Record<string, unknown> = {};
    for (let n = blockCount(tap); n > 0; n = blockCount(tap)) {
      for (let i = 0; i < n; i++) {
        const key = tap.readString();
        setOwn(map, key, values._read(tap));
      }
    }
    return map;
  }
}

function blockCount(tap: Tap): number {
  const n = tap.readLong();
  if (n >= 0) return n;
  tap.skipLong();
  return -n;
}

/**
 * The same Avro type with its maps read by OwnKeyMapType, so Avro events keep the names JSON
 * events keep. Built once per schema id (the decoder caches it).
 */
export function withOwnKeyMaps(type: avro.Type): avro.Type {
  return avro.Type.forSchema(type.schema(), {
    typeHook: (schema, opts) => (typeof schema === 'object' && (schema as { type?: unknown }).type === 'map' ? new OwnKeyMapType(schema, opts) : undefined),
  });
}
