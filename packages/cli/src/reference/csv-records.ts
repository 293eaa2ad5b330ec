/** A CSV file that breaks RFC 4180 where a reader cannot guess what was meant. */
export class CsvSyntaxError extends Error {
  /** 1-based line of the file where the problem is. */
  readonly line: number;

  constructor(line: number, message: string) {
    super(message);
    this.name = 'CsvSyntaxError';
    this.line = line;
  }
}

/**
 * Called once per record with its fields and the 1-based line it starts on (a quoted field may
 * span lines, so records and lines differ). Return false to stop reading.
 */
export type CsvRecordHandler = (fields: string[], line: number) => boolean | void;

const QUOTE = 34; // "
const COMMA = 44;
const LF = 10;
const CR = 13;

/**
 * Splits RFC 4180 text into records: comma-separated fields, fields in double quotes may hold
 * commas, line breaks and doubled quotes (""), records end at CRLF, LF or CR. A leading BOM is
 * dropped. Lines with no characters at all are skipped, as pandas does, rather than read as a
 * record with one empty field.
 */
export function parseCsvRecords(text: string, onRecord: CsvRecordHandler): void {
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < n) {
    // A blank line (or the final line break): not a record.
    const first = text.charCodeAt(i);
    if (first === LF || first === CR) {
      i += first === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      line++;
      continue;
    }
    const startLine = line;
    const fields: string[] = [];
    for (;;) {
      let field: string;
      if (text.charCodeAt(i) === QUOTE) {
        const quoteLine = line;
        let value = '';
        let from = i + 1;
        for (;;) {
          const close = text.indexOf('"', from);
          if (close < 0) throw new CsvSyntaxError(quoteLine, 'a quoted field is never closed (a " without its closing ")');
          value += text.slice(from, close);
          for (let k = from; k < close; k++) if (text.charCodeAt(k) === LF || (text.charCodeAt(k) === CR && text.charCodeAt(k + 1) !== LF)) line++;
          if (text.charCodeAt(close + 1) === QUOTE) {
            value += '"';
            from = close + 2;
            continue;
          }
          i = close + 1;
          break;
        }
        const next = text.charCodeAt(i);
        if (i < n && next !== COMMA && next !== LF && next !== CR) {
          throw new CsvSyntaxError(line, 'a quoted field is followed by more text before the next comma; write a quote inside a quoted field as ""');
        }
        field = value;
      } else {
        let end = i;
        while (end < n) {
          const c = text.charCodeAt(end);
          if (c === COMMA || c === LF || c === CR) break;
          end++;
        }
        field = text.slice(i, end);
        i = end;
      }
      fields.push(field);
      if (i < n && text.charCodeAt(i) === COMMA) {
        i++;
        continue;
      }
      // End of record: a line break or the end of the text.
      if (i < n) {
        i += text.charCodeAt(i) === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
        line++;
      }
      break;
    }
    if (onRecord(fields, startLine) === false) return;
  }
}
