/**
 * A ClickHouse type name parsed into a tree: `Map(LowCardinality(String), Array(Nullable(Float64)))`
 * becomes Map with two arguments. Quoted parameters (`DateTime('UTC')`, Enum values) stay as text.
 */
export interface NativeType {
  readonly name: string;
  readonly args: readonly NativeType[];
  /** The raw argument texts, for parameters that are not types (sizes, time zones, enum values). */
  readonly params: readonly string[];
}

/** Splits `a, b(c, d), 'e,f'` at top-level commas. */
function splitArgs(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'" || c === '`' || c === '"') {
      for (i++; i < text.length && text[i] !== c; i++) if (text[i] === '\\') i++;
    } else if (c === '(') {
      depth++;
    } else if (c === ')') {
      depth--;
    } else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = text.slice(start).trim();
  if (last !== '' || parts.length > 0) parts.push(last);
  return parts;
}

/** A named tuple element (`name Type`) without its name. */
function withoutElementName(arg: string): string {
  const named = /^(`(?:[^`\\]|\\.)*`|[A-Za-z_][A-Za-z0-9_]*)\s+(\S[\s\S]*)$/.exec(arg);
  return named ? named[2]! : arg;
}

export function parseNativeType(text: string): NativeType {
  const trimmed = text.trim();
  const open = trimmed.indexOf('(');
  if (open === -1) return { name: trimmed, args: [], params: [] };
  if (!trimmed.endsWith(')')) throw new TypeError(`cannot parse the type ${trimmed}`);
  const name = trimmed.slice(0, open).trim();
  const params = splitArgs(trimmed.slice(open + 1, -1));
  const typed = ['Array', 'Nullable', 'LowCardinality', 'Map', 'Tuple', 'Nested', 'SimpleAggregateFunction'].includes(name);
  if (!typed) return { name, args: [], params };
  const typeArgs = name === 'SimpleAggregateFunction' ? params.slice(1) : params;
  return { name, args: typeArgs.map((p) => parseNativeType(name === 'Tuple' || name === 'Nested' ? withoutElementName(p) : p)), params };
}
