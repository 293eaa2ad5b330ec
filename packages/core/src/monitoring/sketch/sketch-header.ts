import type { ByteReader } from './byte-reader.ts';
import type { ByteWriter } from './byte-writer.ts';

/** First byte of every encoded sketch part: what tells a part from other bytes (stored JSON starts with '{', 0x7b). */
export const SKETCH_MAGIC = 0xd5;

/** The kinds of parts, each with its code in the second byte. Codes are never reused. */
export const SKETCH_KINDS = { 'numeric-bins': 1, 'log-buckets': 2, categories: 3 } as const;
export type SketchKind = keyof typeof SKETCH_KINDS;

const NAMES: Readonly<Record<SketchKind, string>> = {
  'numeric-bins': 'a numeric bin sketch',
  'log-buckets': 'a log-bucket sketch',
  categories: 'a categorical sketch',
};

/**
 * The three bytes that open an encoded part: magic, kind, format version. The version is bumped
 * on any incompatible change to a part's body; a reader refuses versions it does not know, so old
 * code never misreads new state (upgrade the reader first, then the writer).
 */
export function writeHeader(writer: ByteWriter, kind: SketchKind, version: number): void {
  writer.byte(SKETCH_MAGIC).byte(SKETCH_KINDS[kind]).byte(version);
}

/** Reads and checks the header; returns the version (one of `versions`). */
export function readHeader(reader: ByteReader, kind: SketchKind, versions: readonly number[]): number {
  const magic = reader.byte();
  if (magic !== SKETCH_MAGIC) reader.fail(`the first byte is 0x${hex(magic)}, not 0x${hex(SKETCH_MAGIC)}: these bytes are not an encoded sketch part`, 0);
  const code = reader.byte();
  if (code !== SKETCH_KINDS[kind]) {
    const other = (Object.keys(SKETCH_KINDS) as SketchKind[]).find((k) => SKETCH_KINDS[k] === code);
    reader.fail(other === undefined ? `unknown part kind ${code}` : `these bytes are ${NAMES[other]}, not ${NAMES[kind]}`, 1);
  }
  const version = reader.byte();
  if (!versions.includes(version)) {
    reader.fail(
      version > Math.max(...versions)
        ? `format version ${version} is newer than this code reads (${versions.join(', ')}): upgrade the reader`
        : `format version ${version} is not one this code reads (${versions.join(', ')})`,
      2,
    );
  }
  return version;
}

/** The name of a kind of part, for messages: "a numeric bin sketch". */
export function sketchKindName(kind: SketchKind): string {
  return NAMES[kind];
}

function hex(b: number): string {
  return b.toString(16).padStart(2, '0');
}
