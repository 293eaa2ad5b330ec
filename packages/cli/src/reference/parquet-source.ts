import * as zlib from 'node:zlib';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, parquetSchema, type AsyncBuffer, type Compressors, type FileMetaData, type SchemaTree } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { ReferenceFileError } from './reference-file-error.ts';
import { dateColumn, decodeColumn, tooManyRows, unsupportedColumn, type TabularSource } from './tabular-source.ts';
import type { ValueColumn } from './value-column.ts';

// hyparquet reads uncompressed and Snappy itself; hyparquet-compressors adds ZSTD (Polars'
// default), LZ4 and the rest in plain JavaScript; Node's zlib is used for GZIP and Brotli.
const COMPRESSORS: Compressors = {
  ...compressors,
  GZIP: (input) => zlib.gunzipSync(input),
  BROTLI: (input) => zlib.brotliDecompressSync(input),
};
const READABLE_CODECS = new Set<string>(['UNCOMPRESSED', 'SNAPPY', ...Object.keys(COMPRESSORS)]);

/**
 * A Parquet reference. The schema decides the kinds before any data is read: integers, floats
 * and decimals are numeric; strings, enums and booleans categorical; dates and times refused.
 * Only the columns that are used are decoded.
 */
export async function openParquet(path: string, maxRows: number): Promise<TabularSource> {
  let file: AsyncBuffer;
  let metadata: FileMetaData;
  try {
    file = await asyncBufferFromFile(path);
    metadata = await parquetMetadataAsync(file);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ReferenceFileError(path, `is not a Parquet file (${message}); check the file, or name its format with --format`);
  }
  const columns = parquetSchema(metadata).children;
  const rowCount = Number(metadata.num_rows);
  if (rowCount > maxRows) throw tooManyRows(path, rowCount, maxRows);
  return {
    names: columns.map((column) => column.element.name),
    rowCount,
    async read(wanted) {
      const kinds = wanted.map((name) => parquetKind(path, columns.find((column) => column.element.name === name)!));
      checkCodecs(path, metadata, wanted);
      const rows = await parquetReadObjects({ file, metadata, columns: [...wanted], compressors: COMPRESSORS });
      return wanted.map((name, i) => decodeColumn(path, name, kinds[i]!, rows.length, (row) => rows[row]![name]));
    },
  };
}

/** Refuses a codec up front with the fix, rather than failing inside the decoder. */
function checkCodecs(path: string, metadata: FileMetaData, wanted: readonly string[]): void {
  const names = new Set(wanted);
  for (const group of metadata.row_groups) {
    for (const chunk of group.columns) {
      const meta = chunk.meta_data;
      if (!meta || !names.has(meta.path_in_schema[0] ?? '') || READABLE_CODECS.has(meta.codec)) continue;
      throw new ReferenceFileError(
        path,
        `column "${meta.path_in_schema.join('.')}" is compressed with ${meta.codec}, which this reader cannot decompress; ` +
          "rewrite the file with Snappy (pandas df.to_parquet(path, compression='snappy'), Polars df.write_parquet(path, compression='snappy')) or as CSV",
      );
    }
  }
}

const DATE_TYPES = new Set<string>(['DATE', 'TIME', 'TIMESTAMP', 'TIME_MILLIS', 'TIME_MICROS', 'TIMESTAMP_MILLIS', 'TIMESTAMP_MICROS']);
const NUMBER_TYPES = new Set<string>(['INTEGER', 'DECIMAL', 'FLOAT16', 'NULL', 'INT_8', 'INT_16', 'INT_32', 'INT_64', 'UINT_8', 'UINT_16', 'UINT_32', 'UINT_64']);
const STRING_TYPES = new Set<string>(['STRING', 'UTF8', 'ENUM', 'UUID']);

function parquetKind(path: string, column: SchemaTree): ValueColumn['kind'] {
  const { name, type, converted_type: converted, logical_type: logical, repetition_type: repetition } = column.element;
  const described = logical?.type ?? converted ?? type ?? 'group';
  if (column.children.length > 0 || repetition === 'REPEATED') throw unsupportedColumn(path, name, `${described} (nested)`);
  if (DATE_TYPES.has(logical?.type ?? '') || DATE_TYPES.has(converted ?? '') || type === 'INT96') throw dateColumn(path, name, `Parquet ${described}`);
  if (NUMBER_TYPES.has(logical?.type ?? '') || NUMBER_TYPES.has(converted ?? '')) return 'numeric';
  if (STRING_TYPES.has(logical?.type ?? '') || STRING_TYPES.has(converted ?? '')) return 'categorical';
  if (logical || converted) throw unsupportedColumn(path, name, `Parquet ${described}`);
  switch (type) {
    case 'INT32':
    case 'INT64':
    case 'FLOAT':
    case 'DOUBLE':
      return 'numeric';
    case 'BOOLEAN':
    case 'BYTE_ARRAY': // unannotated byte arrays: hyparquet decodes them as UTF-8 text
      return 'categorical';
    default:
      throw unsupportedColumn(path, name, `Parquet ${described}`);
  }
}
