import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { queryAsync } from 'chdb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../cli-command.ts';
import { readReferenceFile, type ReferenceFileOptions } from './read-reference-file.ts';
import { ReferenceFileError } from './reference-file-error.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'modelwatch-reference-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, content: string | Uint8Array): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

async function csv(content: string, options?: ReferenceFileOptions) {
  return readReferenceFile(await file(`t${Math.random().toString(36).slice(2)}.csv`, content), options);
}

async function csvError(content: string, options?: ReferenceFileOptions): Promise<string> {
  const error = await csv(content, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ReferenceFileError);
  return (error as Error).message;
}

/** Parquet bytes written by chDB, with the codec asked for. */
async function parquetFrom(name: string, select: string, codec = 'snappy'): Promise<string> {
  const result = await queryAsync(`${select} FORMAT Parquet SETTINGS output_format_parquet_compression_method='${codec}'`);
  return file(name, result.bytes());
}

// One dataset, three formats: nulls, a string with a comma and quotes, booleans, the prediction,
// the label, scores and an attribution, plus a timestamp and an id that are ignored by default.
const EXPECTED = [
  {
    numeric: { age: 31.5, income: 52000 },
    categorical: { city: 'say "hi"', active: 'true' },
    predictionLabel: 'fraud',
    labelClass: 'fraud',
    scores: { fraud: 0.9, ok: 0.1 },
    attributions: { age: 0.25 },
  },
  {
    numeric: { age: null, income: 48000 },
    categorical: { city: 'Lyon, FR', active: 'false' },
    predictionLabel: 'ok',
    labelClass: null,
    scores: { fraud: 0.2, ok: 0.8 },
    attributions: {},
  },
  {
    numeric: { age: 45, income: -3 },
    categorical: { city: null, active: null },
    predictionLabel: 'ok',
    labelClass: 'ok',
    scores: { ok: 0.7 },
    attributions: { age: -0.5 },
  },
];
const EXPECTED_COLUMNS = {
  features: ['age', 'income', 'city', 'active'],
  prediction: 'prediction',
  label: 'label',
  ignored: ['timestamp', 'prediction_id'],
};

describe('readReferenceFile: one dataset as CSV, Arrow and Parquet', () => {
  it('reads the CSV (BOM, CRLF, quoted comma, escaped quotes, True/False, empty cells)', async () => {
    const text =
      '\uFEFFtimestamp,prediction_id,age,income,city,active,prediction,label,score.fraud,score.ok,attribution.age\r\n' +
      '2024-01-01T00:00:00Z,p1,31.5,52000,"say ""hi""",True,fraud,fraud,0.9,0.1,0.25\r\n' +
      '2024-01-01T00:01:00Z,p2,,48000,"Lyon, FR",False,ok,,0.2,0.8,\r\n' +
      '2024-01-01T00:02:00Z,p3,45,-3,,,ok,ok,,0.7,-0.5\r\n';
    const read = await csv(text);
    expect(read.format).toBe('csv');
    expect(read.rows).toEqual(EXPECTED);
    expect(read.columns).toEqual({ ...EXPECTED_COLUMNS, scores: ['score.fraud', 'score.ok'], attributions: ['attribution.age'] });
  });

  it('reads the same rows from Arrow IPC (Int64 as bigint, dictionary strings, a date column ignored)', async () => {
    const table = tableFromArrays({
      timestamp: [new Date(0), new Date(1000), new Date(2000)],
      prediction_id: ['p1', 'p2', 'p3'],
      age: [31.5, null, 45],
      income: BigInt64Array.from([52000n, 48000n, -3n]),
      city: ['say "hi"', 'Lyon, FR', null],
      active: [true, false, null],
      prediction: ['fraud', 'ok', 'ok'],
      label: ['fraud', null, 'ok'],
      'score.fraud': [0.9, 0.2, null],
      'score.ok': Float64Array.from([0.1, 0.8, 0.7]),
      'attribution.age': [0.25, null, -0.5],
    });
    for (const [name, layout] of [['file.arrow', 'file'], ['stream.feather', 'stream']] as const) {
      const read = await readReferenceFile(await file(name, tableToIPC(table, layout)));
      expect(read.format).toBe('arrow');
      expect(read.rows).toEqual(EXPECTED);
      expect(read.columns).toEqual({ ...EXPECTED_COLUMNS, scores: ['score.fraud', 'score.ok'], attributions: ['attribution.age'] });
    }
  });

  it('reads the same rows from Parquet written by chDB (score_/attribution_ spelling, a DateTime ignored)', async () => {
    const path = await parquetFrom(
      'same.parquet',
      `SELECT * FROM values('timestamp DateTime64(3, \\'UTC\\'), prediction_id String, age Nullable(Float64), income Int64, ` +
        `city Nullable(String), active Nullable(Bool), prediction LowCardinality(String), label Nullable(String), ` +
        `score_fraud Nullable(Float64), score_ok Float64, attribution_age Nullable(Float64)',` +
        ` ('2024-01-01 00:00:00', 'p1', 31.5, 52000, 'say "hi"', true, 'fraud', 'fraud', 0.9, 0.1, 0.25),` +
        ` ('2024-01-01 00:01:00', 'p2', NULL, 48000, 'Lyon, FR', false, 'ok', NULL, 0.2, 0.8, NULL),` +
        ` ('2024-01-01 00:02:00', 'p3', 45, -3, NULL, NULL, 'ok', 'ok', NULL, 0.7, -0.5))`,
    );
    const read = await readReferenceFile(path);
    expect(read.format).toBe('parquet');
    expect(read.rows).toEqual(EXPECTED);
    expect(read.columns).toEqual({ ...EXPECTED_COLUMNS, scores: ['score_fraud', 'score_ok'], attributions: ['attribution_age'] });
  });
});

describe('readReferenceFile: CSV', () => {
  it('types columns: numeric only when every non-empty cell is a finite number', async () => {
    const read = await csv('a,b,c,d,e,f\n1,x,1e3, 2 ,NaN,\n-2.5,3,.5,0x10,7,\n');
    expect(read.rows).toEqual([
      { numeric: { a: 1, c: 1000, e: null, f: null }, categorical: { b: 'x', d: ' 2 ' } },
      { numeric: { a: -2.5, c: 0.5, e: 7, f: null }, categorical: { b: '3', d: '0x10' } },
    ]);
  });

  it('keeps line breaks inside quotes, skips blank lines, takes LF, CRLF and no final newline', async () => {
    const read = await csv('note,x\r\n"two\nlines",1\n\n"",2\r\nplain,3');
    expect(read.rows.map((row) => row.categorical['note'])).toEqual(['two\nlines', null, 'plain']);
    expect(read.rows.map((row) => row.numeric['x'])).toEqual([1, 2, 3]);
  });

  it('reads a numeric prediction and label as values, and a boolean prediction as a class', async () => {
    const regression = await csv('x,prediction,label\n1,2.5,3\n2,,4\n');
    expect(regression.rows).toEqual([
      { numeric: { x: 1 }, categorical: {}, predictionValue: 2.5, labelValue: 3 },
      { numeric: { x: 2 }, categorical: {}, predictionValue: null, labelValue: 4 },
    ]);
    const boolean = await csv('x,prediction\n1,TRUE\n2,false\n');
    expect(boolean.rows.map((row) => row.predictionLabel)).toEqual(['true', 'false']);
  });

  it('takes --prediction-column, --label-column and --ignore', async () => {
    const read = await csv('id,x,yhat,y,prediction\n7,1,a,b,5\n', { predictionColumn: 'yhat', labelColumn: 'y', ignore: ['id'] });
    expect(read.columns).toEqual({ features: ['x', 'prediction'], prediction: 'yhat', label: 'y', scores: [], attributions: [], ignored: ['id'] });
    expect(read.rows).toEqual([{ numeric: { x: 1, prediction: 5 }, categorical: {}, predictionLabel: 'a', labelClass: 'b' }]);
  });

  it('names the line of a ragged row, and of an unclosed quote', async () => {
    expect(await csvError('a,b\n1,2\n3\n')).toMatch(/line 3 \(data row 2\) has 1 fields but the header has 2/);
    expect(await csvError('a,b\n1,2\n3,4,5\n')).toMatch(/line 3 .*has 3 fields/);
    expect(await csvError('a,b\n1,"2\n3,4\n')).toMatch(/line 2: a quoted field is never closed/);
    expect(await csvError('a,b\n1,"2"x\n')).toMatch(/line 2: .*write a quote inside a quoted field as ""/);
  });

  it('refuses an empty file, a missing header, header-only files and files without features', async () => {
    expect(await csvError('')).toMatch(/is empty/);
    expect(await csvError('\uFEFF\r\n')).toMatch(/is empty/);
    expect(await csvError('1,2,3\n4,5,6\n')).toMatch(/looks like data; add a header row/);
    expect(await csvError('a,,c\n1,2,3\n')).toMatch(/column 2 of the header \(line 1\) has no name/);
    expect(await csvError('a,b\n')).toMatch(/has column names but no rows/);
    expect(await csvError('a,a\n1,2\n')).toMatch(/two columns named "a"/);
    expect(await csvError('prediction,score.x,timestamp\n1,0.5,3\n')).toMatch(/has no feature columns/);
  });

  it('refuses bad roles: unknown columns, text scores, scores outside [0, 1], a class named twice', async () => {
    expect(await csvError('a,b\n1,2\n', { ignore: ['c'] })).toMatch(/has no column "c" \(the columns are "a", "b"\) to ignore/);
    expect(await csvError('a,b\n1,2\n', { predictionColumn: 'p' })).toMatch(/has no prediction column "p".*--prediction-column/);
    expect(await csvError('a,score.x\n1,high\n')).toMatch(/column "score.x" is read as a score .* must hold numbers/);
    expect(await csvError('a,score.x\n1,0.5\n2,1.5\n')).toMatch(/row 2, column "score.x": score 1.5 is not between 0 and 1/);
    expect(await csvError('a,score.x,score_x\n1,0.5,0.5\n')).toMatch(/columns "score.x" and "score_x" both name the class "x"/);
  });

  it('refuses more rows than maxRows and says how to sample', async () => {
    expect(await csvError('a\n1\n2\n3\n', { maxRows: 2 })).toMatch(/more than 2 rows.*random sample.*df\.sample\(n=2/);
    await expect(csv('a\n1\n2\n', { maxRows: 2 })).resolves.toMatchObject({ rows: [{}, {}] });
  });

  it('keeps a text of any length whole, in a quoted cell with commas and line breaks too', async () => {
    const ticket = `My parcel, "the blue one", never came.\n${'Please help. '.repeat(400)}`;
    const read = await csv(`a,ticket,prediction\n1,x,ok\n2,"${ticket.replaceAll('"', '""')}",urgent\n`);
    expect(read.rows.map((row) => row.categorical['ticket'])).toEqual(['x', ticket]);
    expect(ticket.length).toBeGreaterThan(5000);
  });

  it('refuses a prediction or label class longer than events accept, naming the row and column', async () => {
    expect(await csvError(`a,prediction\n1,x\n2,${'y'.repeat(300)}\n`)).toMatch(/row 2, column "prediction": a class of 300 characters is longer than the 256 events accept .*--prediction-column/);
    expect(await csvError(`a,label\n1,${'y'.repeat(257)}\n`)).toMatch(/row 1, column "label": a class of 257 characters/);
    await expect(csv(`a,prediction\n1,${'y'.repeat(256)}\n`)).resolves.toMatchObject({ rows: [{ predictionLabel: 'y'.repeat(256) }] });
  });
});

describe('readReferenceFile: formats and typed columns', () => {
  it('needs --format for an unknown extension, and --format overrides the extension', async () => {
    const path = await file('data.txt', 'a\n1\n');
    await expect(readReferenceFile(path)).rejects.toThrow(UsageError);
    await expect(readReferenceFile(path)).rejects.toThrow(/--format csv\|arrow\|parquet/);
    await expect(readReferenceFile(path, { format: 'csv' })).resolves.toMatchObject({ format: 'csv', rows: [{ numeric: { a: 1 } }] });
    const wrong = await file('data2.txt', 'a\n1\n');
    await expect(readReferenceFile(wrong, { format: 'parquet' })).rejects.toThrow(/is not a Parquet file/);
    await expect(readReferenceFile(wrong, { format: 'arrow' })).rejects.toThrow(/is not an Arrow IPC file/);
    await expect(readReferenceFile(join(dir, 'missing.csv'))).rejects.toThrow(/missing\.csv: cannot be read/);
  });

  it('keeps texts whole from Arrow and Parquet, and refuses a class too long there as in CSV', async () => {
    const texts = ['short', 'é'.repeat(6000), 'x'.repeat(5000)];
    const arrow = await file('texts.arrow', tableToIPC(tableFromArrays({ ticket: texts, prediction: ['a', 'b', 'c'] })));
    expect((await readReferenceFile(arrow)).rows.map((row) => row.categorical['ticket'])).toEqual(texts);
    const parquet = await parquetFrom('texts.parquet', `SELECT number AS x, repeat('ticket text ', 500 * (number + 1)) AS ticket FROM numbers(2)`);
    expect((await readReferenceFile(parquet)).rows.map((row) => (row.categorical['ticket'] as string).length)).toEqual([6000, 12000]);
    const long = await file('long-class.arrow', tableToIPC(tableFromArrays({ x: [1], prediction: ['p'.repeat(300)] })));
    await expect(readReferenceFile(long)).rejects.toThrow(/row 1, column "prediction": a class of 300 characters/);
  });

  it('refuses a date column used as a feature, suggesting --ignore (Arrow and Parquet)', async () => {
    const arrow = await file('dates.arrow', tableToIPC(tableFromArrays({ x: [1, 2], seen: [new Date(0), new Date(1)] })));
    await expect(readReferenceFile(arrow)).rejects.toThrow(/column "seen" holds Arrow Timestamp<MILLISECOND> values.* --ignore seen/);
    await expect(readReferenceFile(arrow, { ignore: ['seen'] })).resolves.toMatchObject({ rows: [{ numeric: { x: 1 } }, { numeric: { x: 2 } }] });
    const parquet = await parquetFrom('dates.parquet', `SELECT number AS x, toDate('2024-01-01') + number AS day FROM numbers(2)`);
    await expect(readReferenceFile(parquet)).rejects.toThrow(/column "day" holds Parquet DATE values.* --ignore day/);
  });

  it('converts 64-bit integers and decimals, and refuses integers a double cannot hold', async () => {
    const parquet = await parquetFrom('ints.parquet', `SELECT toUInt64(number) AS n, toDecimal64(number / 4, 2) AS d, toInt8(-number) AS i FROM numbers(2)`);
    expect((await readReferenceFile(parquet)).rows).toEqual([
      { numeric: { n: 0, d: 0, i: 0 }, categorical: {} },
      { numeric: { n: 1, d: 0.25, i: -1 }, categorical: {} },
    ]);
    const big = await parquetFrom('big.parquet', `SELECT number AS x, toUInt64(9007199254740993) + number AS customer FROM numbers(1)`);
    await expect(readReferenceFile(big)).rejects.toThrow(/row 1, column "customer": 9007199254740993 is beyond ±2\^53.*--ignore/);
    const arrow = await file('big.arrow', tableToIPC(tableFromArrays({ x: [1], id: BigInt64Array.from([2n ** 60n]) })));
    await expect(readReferenceFile(arrow)).rejects.toThrow(/row 1, column "id": 1152921504606846976 is beyond/);
  });

  it('reads Parquet compressed with ZSTD (Polars and ClickHouse default), LZ4, GZIP and Brotli', async () => {
    for (const codec of ['zstd', 'lz4', 'gzip', 'brotli']) {
      const path = await parquetFrom(`${codec}.parquet`, 'SELECT number AS x FROM numbers(3)', codec);
      expect((await readReferenceFile(path)).rows.map((row) => row.numeric['x']), codec).toEqual([0, 1, 2]);
    }
  });

  it('reads dotted column names from Parquet', async () => {
    const path = await parquetFrom('dots.parquet', `SELECT number AS x, number / 4 AS \`score.yes\`, 'a' AS \`attribution.x\` FROM numbers(2)`);
    await expect(readReferenceFile(path)).rejects.toThrow(/column "attribution.x" is read as an attribution .* must hold numbers/);
    const ok = await parquetFrom('dots2.parquet', `SELECT number AS x, number / 4 AS \`score.yes\` FROM numbers(2)`);
    expect((await readReferenceFile(ok)).rows.map((row) => row.scores)).toEqual([{ yes: 0 }, { yes: 0.25 }]);
  });

  it('refuses a compressed Arrow file, saying how to write it uncompressed', async () => {
    const result = await queryAsync(`SELECT number AS x FROM numbers(3) FORMAT ArrowStream SETTINGS output_format_arrow_compression_method='lz4_frame'`);
    const path = await file('lz4.arrow', result.bytes());
    await expect(readReferenceFile(path)).rejects.toThrow(/is compressed \(LZ4 or ZSTD\).*compression='uncompressed'/);
  });

  it('counts Parquet and Arrow rows against maxRows before decoding', async () => {
    const path = await parquetFrom('many.parquet', 'SELECT number AS x FROM numbers(10)');
    await expect(readReferenceFile(path, { maxRows: 5 })).rejects.toThrow(/has 10 rows; a reference is read with at most 5/);
    const arrow = await file('many.arrow', tableToIPC(tableFromArrays({ x: Float64Array.from([1, 2, 3]) })));
    await expect(readReferenceFile(arrow, { maxRows: 2 })).rejects.toThrow(/has 3 rows/);
  });

  it('treats NaN in a float column as missing', async () => {
    const arrow = await file('nan.arrow', tableToIPC(tableFromArrays({ x: Float64Array.from([Number.NaN, 1]) })));
    expect((await readReferenceFile(arrow)).rows.map((row) => row.numeric['x'])).toEqual([null, 1]);
  });
});
