import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import type { ReferenceRow } from '@modelwatch/core';
import { UsageError } from '../cli-command.ts';
import { openArrow } from './arrow-source.ts';
import { assignColumnRoles, type ColumnRoleOptions } from './column-roles.ts';
import { openCsv } from './csv-source.ts';
import { openParquet } from './parquet-source.ts';
import { ReferenceFileError } from './reference-file-error.ts';
import { referenceRows } from './reference-rows.ts';
import type { TabularSource } from './tabular-source.ts';

export type ReferenceFileFormat = 'csv' | 'arrow' | 'parquet';
export const REFERENCE_FILE_FORMATS: readonly ReferenceFileFormat[] = ['csv', 'arrow', 'parquet'];

export interface ReferenceFileOptions extends ColumnRoleOptions {
  /** Overrides the extension (--format). */
  readonly format?: ReferenceFileFormat;
  /** Default 1,000,000: the profile needs a sample, and every row is held in memory. */
  readonly maxRows?: number;
}

export interface ReferenceFile {
  readonly rows: ReferenceRow[];
  readonly format: ReferenceFileFormat;
  /** Column names by role (scores and attributions: the column names, e.g. "score.fraud"). */
  readonly columns: {
    readonly features: string[];
    readonly prediction?: string;
    readonly label?: string;
    readonly scores: string[];
    readonly attributions: string[];
    readonly ignored: string[];
  };
}

export const DEFAULT_MAX_ROWS = 1_000_000;

const EXTENSIONS: Readonly<Record<string, ReferenceFileFormat>> = {
  '.csv': 'csv',
  '.arrow': 'arrow',
  '.feather': 'arrow',
  '.ipc': 'arrow',
  '.parquet': 'parquet',
};

/** The format named by the extension, or a usage error pointing at --format. */
export function referenceFileFormat(path: string): ReferenceFileFormat {
  const extension = extname(path).toLowerCase();
  const format = EXTENSIONS[extension];
  if (format === undefined) {
    throw new UsageError(
      `cannot tell the format of ${path} from ${extension ? `its extension "${extension}"` : 'its name (no extension)'}; ` +
        `name it with --format ${REFERENCE_FILE_FORMATS.join('|')} (extensions: ${Object.keys(EXTENSIONS).join(', ')})`,
    );
  }
  return format;
}

/**
 * Reads a reference dataset (CSV, Arrow IPC or Parquet) into the rows a reference profile is
 * fitted on. Columns get roles by name (see README.md); problems are ReferenceFileErrors naming
 * the file, the row or column and the fix.
 */
export async function readReferenceFile(path: string, options: ReferenceFileOptions = {}): Promise<ReferenceFile> {
  const format = options.format ?? referenceFileFormat(path);
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new ReferenceFileError(path, 'is not a file');
    size = info.size;
  } catch (error) {
    if (error instanceof ReferenceFileError) throw error;
    throw new ReferenceFileError(path, `cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (size === 0) throw new ReferenceFileError(path, 'is empty');

  const source = await open(path, format, maxRows);
  if (source.rowCount === 0) throw new ReferenceFileError(path, 'has column names but no rows');
  const roles = assignColumnRoles(path, source.names, options);
  const used = source.names.filter((name) => !roles.ignored.includes(name));
  const columns = await source.read(used);
  return {
    rows: referenceRows(path, roles, columns, source.rowCount),
    format,
    columns: {
      features: roles.features,
      ...(roles.prediction !== undefined ? { prediction: roles.prediction } : {}),
      ...(roles.label !== undefined ? { label: roles.label } : {}),
      scores: roles.scores.map((keyed) => keyed.column),
      attributions: roles.attributions.map((keyed) => keyed.column),
      ignored: roles.ignored,
    },
  };
}

async function open(path: string, format: ReferenceFileFormat, maxRows: number): Promise<TabularSource> {
  if (format === 'parquet') return openParquet(path, maxRows);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new ReferenceFileError(path, `cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (format === 'arrow') return openArrow(path, bytes, maxRows);
  let text: string;
  try {
    text = bytes.toString('utf8');
  } catch {
    // Node caps a string near 512 MB; a CSV that large is far past any sensible row limit.
    throw new ReferenceFileError(path, `is too large (${bytes.length} bytes) to read as CSV; upload a random sample, or convert it to Parquet`);
  }
  if (text.replace(/^\uFEFF/, '').trim() === '') throw new ReferenceFileError(path, 'is empty (no header row)');
  return openCsv(path, text, maxRows);
}
