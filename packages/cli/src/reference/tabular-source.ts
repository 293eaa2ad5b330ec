import { ReferenceFileError } from './reference-file-error.ts';
import { toCategory, toNumber, type ValueColumn } from './value-column.ts';

/**
 * A reference file opened far enough to know its column names and row count. Columns are decoded
 * only once their roles are known, so an ignored column (a timestamp, an id) is never refused
 * for its type and, in Parquet, never read.
 */
export interface TabularSource {
  readonly names: readonly string[];
  readonly rowCount: number;
  /** Decodes the named columns; refuses types a reference cannot hold (dates, nested, binary). */
  read(names: readonly string[]): Promise<ValueColumn[]>;
}

/** The error for a file over the row limit: a random sample keeps the distributions, the head does not. */
export function tooManyRows(path: string, rows: number | undefined, maxRows: number): ReferenceFileError {
  const count = rows === undefined ? `more than ${maxRows.toLocaleString('en-US')}` : rows.toLocaleString('en-US');
  return new ReferenceFileError(
    path,
    `has ${count} rows; a reference is read with at most ${maxRows.toLocaleString('en-US')}. ` +
      `Upload a random sample (not the first rows), e.g. pandas df.sample(n=${maxRows}, random_state=0), ` +
      `or SQL ... ORDER BY rand() LIMIT ${maxRows}`,
  );
}

/** The error for a date or time used as a feature: drift on raw timestamps says nothing useful. */
export function dateColumn(path: string, name: string, type: string): ReferenceFileError {
  return new ReferenceFileError(
    path,
    `column "${name}" holds ${type} values, which cannot be a feature; leave it out with --ignore ${name}, ` +
      'or derive a number or category from it (hour of day, age in days) before uploading',
  );
}

/** The error for a nested or binary column. */
export function unsupportedColumn(path: string, name: string, type: string): ReferenceFileError {
  return new ReferenceFileError(path, `column "${name}" has type ${type}, which cannot be a feature (numbers, strings and booleans can); leave it out with --ignore ${name} or flatten it`);
}

/**
 * Decodes one column of a typed file (Arrow, Parquet) value by value, naming the row
 * (1-based, as a spreadsheet would show it below the header) and column of any bad value.
 */
export function decodeColumn(path: string, name: string, kind: ValueColumn['kind'], rowCount: number, get: (row: number) => unknown): ValueColumn {
  if (kind === 'numeric') {
    const values: Array<number | null> = new Array(rowCount);
    for (let i = 0; i < rowCount; i++) {
      const v = toNumber(get(i));
      if (v !== null && typeof v === 'object') throw new ReferenceFileError(path, `row ${i + 1}, column "${name}": ${v.problem}`);
      values[i] = v;
    }
    return { name, kind, values };
  }
  const values: Array<string | null> = new Array(rowCount);
  for (let i = 0; i < rowCount; i++) {
    const v = toCategory(get(i));
    if (v !== null && typeof v === 'object') throw new ReferenceFileError(path, `row ${i + 1}, column "${name}": ${v.problem}`);
    values[i] = v;
  }
  return { name, kind, values };
}
