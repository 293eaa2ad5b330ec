import { EndpointError } from './endpoint-error.ts';
import { tokenText, tokenize, type Token } from './sql-tokens.ts';

/** An INSERT whose rows follow the statement (`FORMAT X` or `VALUES`), in the request. */
export interface InsertWithData {
  /** The statement up to here (table and columns) is kept; FROM INFILE goes after it. */
  readonly cut: number;
  /** The statement's own `SETTINGS ...` clause before FORMAT/VALUES, if any. */
  readonly settings?: { readonly start: number; readonly end: number };
  /** The input format: the name after FORMAT as written, or Values. */
  readonly format: string;
  /** Offset of the first data byte, by ClickHouse's rule. */
  readonly dataStart: number;
}

export interface QueryShape {
  readonly insert?: InsertWithData;
  /** The query's own FORMAT clause (top level, at the end). */
  readonly outputFormat?: string;
  readonly multiStatement: boolean;
  readonly intoOutfile: boolean;
  readonly fromInfile: boolean;
  /** A call of the `file` function or table function. */
  readonly callsFile: boolean;
  /** Nothing but whitespace and comments: ClickHouse's "Empty query". */
  readonly empty: boolean;
  /** A `/*` comment that is never closed. */
  readonly unterminatedComment: boolean;
}

/**
 * Reads the statement at the start of `text` (request bytes as latin1). For an INSERT with
 * data, it stops where the data starts: the data is not SQL and may contain anything.
 */
export function analyzeQuery(text: string): QueryShape {
  const insert = findInsertData(text);
  if (insert) {
    return {
      insert: insert.shape,
      multiStatement: false,
      intoOutfile: false,
      fromInfile: insert.fromInfile,
      callsFile: insert.callsFile,
      empty: false,
      unterminatedComment: false,
    };
  }
  const tokens = [...tokenize(text)];
  let multiStatement = false;
  let intoOutfile = false;
  let fromInfile = false;
  let callsFile = false;
  let outputFormat: string | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const next = tokens[i + 1];
    const value = tokenText(text, token);
    if (token.kind === 'punct' && value === ';' && token.depth === 0 && next !== undefined) multiStatement = true;
    if (token.kind === 'word' && value === 'INTO' && next?.kind === 'word' && tokenText(text, next) === 'OUTFILE') intoOutfile = true;
    if (token.kind === 'word' && value === 'FROM' && next?.kind === 'word' && tokenText(text, next) === 'INFILE') fromInfile = true;
    if (isFileCall(text, token, next)) callsFile = true;
    if (token.kind === 'word' && value === 'FORMAT' && token.depth === 0 && next && (next.kind === 'word' || next.kind === 'quoted')) {
      const after = tokens[i + 2];
      const ends = after === undefined || tokenText(text, after) === ';' || (after.kind === 'word' && tokenText(text, after) === 'SETTINGS');
      if (ends) outputFormat = next.kind === 'word' ? text.slice(next.start, next.end) : tokenText(text, next);
    }
  }
  const first = tokens[0];
  const unterminatedComment = first?.kind === 'unterminated' && /^\s*\/\*/.test(text.slice(first.start)) && tokens.length === 1;
  return {
    ...(outputFormat === undefined ? {} : { outputFormat }),
    multiStatement,
    intoOutfile,
    fromInfile,
    callsFile,
    empty: tokens.length === 0,
    unterminatedComment,
  };
}

function isFileCall(text: string, token: Token, next: Token | undefined): boolean {
  if (next?.kind !== 'punct' || text[next.start] !== '(') return false;
  if (token.kind === 'word') return text.slice(token.start, token.end) === 'file';
  return token.kind === 'quoted' && tokenText(text, token) === 'file';
}

interface FoundInsert {
  readonly shape: InsertWithData;
  readonly fromInfile: boolean;
  readonly callsFile: boolean;
}

function findInsertData(text: string): FoundInsert | undefined {
  const tokens = tokenize(text);
  const take = (): Token | undefined => {
    const r = tokens.next();
    return r.done ? undefined : r.value;
  };
  const word = (t: Token | undefined): string | undefined => (t?.kind === 'word' ? tokenText(text, t) : undefined);
  if (word(take()) !== 'INSERT') return undefined;
  if (word(take()) !== 'INTO') return undefined;
  let token = take();
  let callsFile = false;
  let fromInfile = false;
  if (word(token) === 'TABLE') token = take();
  if (word(token) === 'FUNCTION') {
    const name = take();
    const open = take();
    if (!name || !open) return undefined;
    if (isFileCall(text, name, open)) callsFile = true;
    // Skip the arguments: everything deeper than the opening bracket, then the closing one.
    for (token = take(); token && token.depth > open.depth; token = take());
  } else {
    // table or database.table
    token = take();
    if (token?.kind === 'punct' && text[token.start] === '.') {
      take();
      token = take();
    }
    // The column list right after the table name.
    if (token?.kind === 'punct' && text[token.start] === '(' && token.depth === 0) {
      const depth = token.depth;
      for (token = take(); token && !(token.depth === depth && text[token.start] === ')'); token = take());
      token = take();
    }
  }
  let settingsStart: number | undefined;
  for (; token; token = take()) {
    if (token.kind === 'unterminated') return undefined;
    if (token.depth > 0) continue;
    const value = word(token);
    if (value === undefined) continue;
    if (value === 'SELECT' || value === 'WITH') return undefined;
    if (value === 'SETTINGS') settingsStart ??= token.start;
    if (value === 'FROM') {
      const next = take();
      if (word(next) === 'INFILE') fromInfile = true;
      token = next;
      if (!token) break;
      continue;
    }
    if (value === 'VALUES') {
      const next = take();
      const dataStart = next ? next.start : text.length;
      return { shape: shapeOf(token.start, settingsStart, 'Values', dataStart), fromInfile, callsFile };
    }
    if (value === 'FORMAT') {
      const name = take();
      if (!name || (name.kind !== 'word' && name.kind !== 'quoted')) return undefined;
      const format = name.kind === 'word' ? text.slice(name.start, name.end) : tokenText(text, name);
      return { shape: shapeOf(token.start, settingsStart, format, dataStartAfter(text, name.end)), fromInfile, callsFile };
    }
  }
  return undefined;
}

function shapeOf(keyword: number, settingsStart: number | undefined, format: string, dataStart: number): InsertWithData {
  return settingsStart === undefined
    ? { cut: keyword, format, dataStart }
    : { cut: settingsStart, settings: { start: settingsStart, end: keyword }, format, dataStart };
}

/** ClickHouse's rule: after the format name skip spaces and tabs, then one line break. */
function dataStartAfter(text: string, nameEnd: number): number {
  let p = nameEnd;
  if (text[p] === ';') {
    throw new EndpointError(
      'SYNTAX_ERROR',
      "You have excessive ';' symbol before data for INSERT.\nExample:\n\nINSERT INTO t (x, y) FORMAT TabSeparated\n;\tHello\n2\tWorld\n\n" +
        "Note that there is no ';' just after format name, you need to put at least one whitespace symbol before the data.",
    );
  }
  while (p < text.length && (text[p] === ' ' || text[p] === '\t' || text[p] === '\f')) p++;
  if (text[p] === '\r') p++;
  if (text[p] === '\n') p++;
  return p;
}

/**
 * The INSERT rewritten to read its data from a file: `<table and columns> FROM INFILE '<file>'
 * [SETTINGS ...] FORMAT <format>`. Line breaks keep a trailing `--` comment from swallowing
 * the added clause.
 */
export function insertFromFile(statement: Buffer, insert: InsertWithData, fileLiteral: string): string {
  const head = statement.subarray(0, insert.cut).toString('utf8').trimEnd();
  const settings = insert.settings ? statement.subarray(insert.settings.start, insert.settings.end).toString('utf8').trim() : '';
  return `${head}\nFROM INFILE ${fileLiteral}${settings ? `\n${settings}` : ''}\nFORMAT ${insert.format}`;
}
