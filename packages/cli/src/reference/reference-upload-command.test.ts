import { describe, expect, it } from 'vitest';
import { UsageError } from '../cli-command.ts';
import { parseReferenceUploadArgs } from './reference-upload-command.ts';

function usageError(args: string[]): string {
  try {
    parseReferenceUploadArgs(args);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`expected a UsageError for ${JSON.stringify(args)}`);
}

describe('parseReferenceUploadArgs', () => {
  it('reads the model, version and file, in any order, with defaults left out', () => {
    expect(parseReferenceUploadArgs(['--model', 'fraud', '--version', 'v3', 'ref.parquet'])).toEqual({ model: 'fraud', version: 'v3', file: 'ref.parquet', ignore: [] });
    expect(parseReferenceUploadArgs(['ref.csv', '--version=2', '--model=m'])).toEqual({ model: 'm', version: '2', file: 'ref.csv', ignore: [] });
  });

  it('reads --format, the column options and repeated, comma-separated --ignore', () => {
    const args = ['--model', 'm', '--version', '1', '--format', 'arrow', '--prediction-column', 'yhat', '--label-column=y', '--ignore', 'id, ts', '--ignore=id,row', 'data.bin'];
    expect(parseReferenceUploadArgs(args)).toEqual({ model: 'm', version: '1', file: 'data.bin', format: 'arrow', predictionColumn: 'yhat', labelColumn: 'y', ignore: ['id', 'ts', 'row'] });
  });

  it('takes a file whose name starts with -- after "--"', () => {
    expect(parseReferenceUploadArgs(['--model', 'm', '--version', '1', '--', '--odd.csv']).file).toBe('--odd.csv');
  });

  it('says what is missing', () => {
    expect(usageError(['--version', '1', 'f.csv'])).toMatch(/--model/);
    expect(usageError(['--model', 'm', 'f.csv'])).toMatch(/--version/);
    expect(usageError(['--model', 'm', '--version', '1'])).toMatch(/which file to upload/);
    expect(usageError(['--model'])).toBe('--model needs a value');
    expect(usageError(['--model', '--version', '1', 'f.csv'])).toBe('--model needs a value');
    expect(usageError(['--model=', '--version', '1', 'f.csv'])).toBe('--model needs a non-empty value');
  });

  it('refuses unknown options, bad formats, repeats, a second file, stdin and empty --ignore names', () => {
    const base = ['--model', 'm', '--version', '1'];
    expect(usageError([...base, '--sample', '10', 'f.csv'])).toMatch(/unknown option --sample; the options are --model, --version, --format/);
    expect(usageError([...base, '--format', 'json', 'f.csv'])).toBe('--format "json" is not one of csv, arrow, parquet');
    expect(usageError([...base, '--model', 'n', 'f.csv'])).toBe('--model is given twice');
    expect(usageError([...base, 'a.csv', 'b.csv'])).toMatch(/one reference file at a time; unexpected argument "b.csv"/);
    expect(usageError([...base, '-'])).toMatch(/standard input is not supported/);
    expect(usageError([...base, '--ignore', 'a,,b', 'f.csv'])).toMatch(/has an empty one/);
    expect(usageError([...base, '--prediction-column', 'y', '--label-column', 'y', 'f.csv'])).toMatch(/both name "y"/);
    expect(usageError(['--model', 'm'.repeat(257), '--version', '1', 'f.csv'])).toMatch(/at most 256 characters/);
  });
});
