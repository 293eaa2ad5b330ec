import { describe, expect, it } from 'vitest';
import { analyzeQuery, insertFromFile } from './query-shape.ts';

const latin1 = (s: string | Buffer) => (typeof s === 'string' ? Buffer.from(s, 'utf8') : s).toString('latin1');

describe('analyzeQuery', () => {
  it('finds an explicit FORMAT at the end of a query', () => {
    expect(analyzeQuery('SELECT 1 FORMAT JSON').outputFormat).toBe('JSON');
    expect(analyzeQuery('SELECT 1 AS format FORMAT JSONEachRow;').outputFormat).toBe('JSONEachRow');
    expect(analyzeQuery('SELECT 1 FORMAT CSV SETTINGS max_threads = 1').outputFormat).toBe('CSV');
    expect(analyzeQuery('SELECT format FROM t').outputFormat).toBeUndefined();
    expect(analyzeQuery("SELECT 'FORMAT JSON' -- FORMAT CSV\n").outputFormat).toBeUndefined();
    expect(analyzeQuery('SELECT * FROM (SELECT 1 FORMAT JSON)').outputFormat).toBeUndefined();
    expect(analyzeQuery('SELECT 1 /* FORMAT XML */ FORMAT `Pretty`').outputFormat).toBe('Pretty');
  });

  it('tells an empty query and an unterminated comment', () => {
    expect(analyzeQuery(' -- nothing\n /* at all */ ').empty).toBe(true);
    expect(analyzeQuery('SELECT 1').empty).toBe(false);
    expect(analyzeQuery('/* never closed').unterminatedComment).toBe(true);
    expect(analyzeQuery("SELECT '/*").unterminatedComment).toBe(false);
  });

  it('tells multi-statements from a trailing semicolon', () => {
    expect(analyzeQuery('SELECT 1;').multiStatement).toBe(false);
    expect(analyzeQuery('SELECT 1; -- done\n').multiStatement).toBe(false);
    expect(analyzeQuery("SELECT ';'; ").multiStatement).toBe(false);
    expect(analyzeQuery('SELECT 1; DROP TABLE t').multiStatement).toBe(true);
  });

  it('flags INTO OUTFILE, FROM INFILE and file()', () => {
    expect(analyzeQuery("SELECT 1 INTO OUTFILE '/tmp/x'").intoOutfile).toBe(true);
    expect(analyzeQuery("SELECT 'INTO OUTFILE'").intoOutfile).toBe(false);
    expect(analyzeQuery("SELECT length(file('/etc/passwd'))").callsFile).toBe(true);
    expect(analyzeQuery("SELECT `file`('/etc/passwd')").callsFile).toBe(true);
    expect(analyzeQuery('SELECT file FROM logs').callsFile).toBe(false);
    expect(analyzeQuery("INSERT INTO t FROM INFILE '/etc/passwd' FORMAT CSV").fromInfile).toBe(true);
    expect(analyzeQuery("INSERT INTO FUNCTION file('x.csv') FORMAT CSV\n1").callsFile).toBe(true);
  });

  it('finds where INSERT data starts, by ClickHouse rule', () => {
    const text = 'INSERT INTO t (a, b) FORMAT RowBinary\n\u0001\u0002';
    const shape = analyzeQuery(text);
    expect(shape.insert).toEqual({ cut: 21, format: 'RowBinary', dataStart: 38 });
    expect(text.slice(shape.insert!.dataStart)).toBe('\u0001\u0002');
    // Only one line break is skipped: a second one is data.
    expect(analyzeQuery('INSERT INTO t FORMAT TSV \t\n\n1').insert?.dataStart).toBe(27);
    // Without a line break the data starts after the spaces.
    expect(analyzeQuery('INSERT INTO t FORMAT CSV   1,2').insert?.dataStart).toBe(27);
    expect(analyzeQuery("INSERT INTO t VALUES (1, 'it''s')").insert).toEqual({ cut: 14, format: 'Values', dataStart: 21 });
    expect(() => analyzeQuery('INSERT INTO t FORMAT CSV;1')).toThrow(/excessive ';'/);
  });

  it('keeps the SETTINGS clause of an INSERT and stops reading at the data', () => {
    const text = "INSERT INTO db.t (a) SETTINGS insert_deduplication_token = 'x' FORMAT JSONEachRow\n{\"a\": \"' unbalanced";
    const shape = analyzeQuery(text);
    expect(shape.insert?.format).toBe('JSONEachRow');
    expect(text.slice(shape.insert!.settings!.start, shape.insert!.settings!.end).trim()).toBe("SETTINGS insert_deduplication_token = 'x'");
    expect(insertFromFile(Buffer.from(text, 'latin1'), shape.insert!, "'/spool/1.data'")).toBe(
      "INSERT INTO db.t (a)\nFROM INFILE '/spool/1.data'\nSETTINGS insert_deduplication_token = 'x'\nFORMAT JSONEachRow",
    );
  });

  it('treats INSERT SELECT as a query', () => {
    const shape = analyzeQuery('INSERT INTO t (a) SELECT number FROM numbers(3)');
    expect(shape.insert).toBeUndefined();
    expect(analyzeQuery('INSERT INTO t WITH 1 AS x SELECT x').insert).toBeUndefined();
  });

  it('handles table functions, comments and UTF-8 before the data', () => {
    const text = latin1("INSERT INTO t -- 'ü\nFORMAT TSV\nä\n");
    const shape = analyzeQuery(text);
    expect(shape.insert?.format).toBe('TSV');
    expect(Buffer.from(text.slice(shape.insert!.dataStart), 'latin1').toString('utf8')).toBe('ä\n');
    expect(insertFromFile(Buffer.from(text, 'latin1'), shape.insert!, "'f'")).toBe("INSERT INTO t -- 'ü\nFROM INFILE 'f'\nFORMAT TSV");
    const fn = analyzeQuery("INSERT INTO FUNCTION null('a UInt8') (a) VALUES (1)");
    expect(fn.insert?.format).toBe('Values');
  });
});
