import { tableFromIPC, Type, util, type DataType, type Decimal, type Dictionary, type Table } from 'apache-arrow';
import { ReferenceFileError } from './reference-file-error.ts';
import { dateColumn, decodeColumn, tooManyRows, unsupportedColumn, type TabularSource } from './tabular-source.ts';
import type { ValueColumn } from './value-column.ts';

/**
 * An Arrow IPC reference (file or stream format: .arrow, .feather v2, .ipc). The column types
 * decide: integers, floats and decimals are numeric; strings, booleans and dictionaries
 * (pandas "category") categorical; dates and times are refused.
 */
export function openArrow(path: string, bytes: Uint8Array, maxRows: number): TabularSource {
  let table: Table;
  try {
    table = tableFromIPC(bytes);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/compressed but codec not found/.test(message)) {
      // apache-arrow ships no LZ4 or ZSTD codec, and pyarrow's write_feather compresses with LZ4 by default.
      throw new ReferenceFileError(
        path,
        "is compressed (LZ4 or ZSTD), which this reader cannot decompress; write it uncompressed, e.g. pyarrow.feather.write_feather(df, path, compression='uncompressed'), or use Parquet or CSV",
      );
    }
    throw new ReferenceFileError(path, `is not an Arrow IPC file (${message}); check the file, or name its format with --format`);
  }
  // The reader takes bytes that are not Arrow at all for an empty stream rather than failing.
  if (table.schema.fields.length === 0) throw new ReferenceFileError(path, 'is not an Arrow IPC file (no schema found); check the file, or name its format with --format');
  if (table.numRows > maxRows) throw tooManyRows(path, table.numRows, maxRows);
  return {
    names: table.schema.fields.map((field) => field.name),
    rowCount: table.numRows,
    async read(wanted) {
      return wanted.map((name) => readColumn(path, table, name));
    },
  };
}

function readColumn(path: string, table: Table, name: string): ValueColumn {
  const index = table.schema.fields.findIndex((field) => field.name === name);
  const field = table.schema.fields[index]!;
  const vector = table.getChildAt(index)!;
  const kind = arrowKind(path, name, field.type);
  if (field.type.typeId === Type.Decimal) {
    // Decimals come back as unscaled big integers; the scale is on the type.
    const scale = (field.type as Decimal).scale;
    return decodeColumn(path, name, kind, table.numRows, (row) => {
      const value: unknown = vector.get(row);
      return value === null ? null : util.bigNumToNumber(value as Parameters<typeof util.bigNumToNumber>[0], scale);
    });
  }
  return decodeColumn(path, name, kind, table.numRows, (row) => vector.get(row));
}

function arrowKind(path: string, name: string, type: DataType): ValueColumn['kind'] {
  switch (type.typeId) {
    case Type.Int:
    case Type.Float:
    case Type.Decimal:
    case Type.Null: // no values at all: missing in every row
      return 'numeric';
    case Type.Utf8:
    case Type.LargeUtf8:
    case Type.Utf8View:
    case Type.Bool:
      return 'categorical';
    case Type.Dictionary:
      // Categories whatever the values are, but dictionary-encoded dates are still dates.
      arrowKind(path, name, (type as Dictionary).dictionary);
      return 'categorical';
    case Type.Date:
    case Type.Time:
    case Type.Timestamp:
    case Type.Duration:
    case Type.Interval:
      throw dateColumn(path, name, `Arrow ${String(type)}`);
    default:
      throw unsupportedColumn(path, name, String(type));
  }
}
