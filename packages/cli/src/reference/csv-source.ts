import { CsvSyntaxError, parseCsvRecords } from './csv-records.ts';
import { ReferenceFileError } from './reference-file-error.ts';
import { tooManyRows, type TabularSource } from './tabular-source.ts';
import type { ValueColumn } from './value-column.ts';

// A plain decimal number; Number() alone would also take "0x1F", "Infinity" and " " (as 0).
const NUMBER = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/;
const BOOLEAN = /^(?:true|false)$/i;

/**
 * A CSV reference: a header row of column names, then one record per row. CSV has no types, so
 * a column is numeric when every non-empty cell is a finite number ("NaN", as numpy writes it,
 * counts as missing there), and categorical otherwise; an empty cell is missing. A column of
 * only true/false (any case: pandas writes True/False) becomes "true"/"false", as events store booleans.
 */
export function openCsv(path: string, text: string, maxRows: number): TabularSource {
  let header: string[] | undefined;
  const cells: string[][] = [];
  // The line each data row starts on (a quoted field can span lines): one entry per data row.
  const lines: number[] = [];
  let tooMany = false;
  try {
    parseCsvRecords(text, (fields, line) => {
      if (header === undefined) {
        header = fields;
        checkHeader(path, fields);
        for (let c = 0; c < fields.length; c++) cells.push([]);
        return true;
      }
      if (fields.length !== header.length) {
        throw new ReferenceFileError(
          path,
          `line ${line} (data row ${lines.length + 1}) has ${fields.length} fields but the header has ${header.length}; ` +
            'put a field that contains a comma in double quotes ("a,b")',
        );
      }
      if (lines.length === maxRows) {
        tooMany = true;
        return false;
      }
      lines.push(line);
      for (let c = 0; c < fields.length; c++) cells[c]!.push(fields[c]!);
      return true;
    });
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new ReferenceFileError(path, `line ${error.line}: ${error.message}`);
    throw error;
  }
  if (header === undefined) throw new ReferenceFileError(path, 'is empty; a reference CSV needs a header row naming the columns, then one row per prediction');
  if (tooMany) throw tooManyRows(path, undefined, maxRows);
  const names = header;
  return {
    names,
    rowCount: lines.length,
    async read(wanted) {
      return wanted.map((name) => typeColumn(name, cells[names.indexOf(name)]!));
    },
  };
}

function checkHeader(path: string, names: readonly string[]): void {
  const empty = names.findIndex((name) => name.trim() === '');
  if (names.length > 1 && names.every((name) => NUMBER.test(name))) {
    throw new ReferenceFileError(path, `the first line (${names.slice(0, 4).join(',')}${names.length > 4 ? ',…' : ''}) looks like data; add a header row naming the columns`);
  }
  if (empty >= 0) throw new ReferenceFileError(path, `column ${empty + 1} of the header (line 1) has no name; every column needs one`);
}

function typeColumn(name: string, cells: readonly string[]): ValueColumn {
  let numeric = true;
  let boolean = true;
  for (let i = 0; i < cells.length && (numeric || boolean); i++) {
    const cell = cells[i]!;
    if (cell === '') continue;
    if (numeric && !(cell.trim() === 'NaN' || (NUMBER.test(cell) && Number.isFinite(Number(cell))))) numeric = false;
    if (boolean && !BOOLEAN.test(cell)) boolean = false;
  }
  if (numeric) {
    // An all-empty column lands here too: missing everywhere, whatever its type would have been.
    return { name, kind: 'numeric', values: cells.map((cell) => (cell === '' || cell.trim() === 'NaN' ? null : Number(cell))) };
  }
  // A cell of any length: a long one is a text feature's value (a class name is checked by role).
  const values = cells.map((cell) => {
    if (cell === '') return null;
    if (boolean) return cell.toLowerCase();
    return cell;
  });
  return { name, kind: 'categorical', values };
}
