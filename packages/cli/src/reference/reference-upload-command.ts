import { UsageError } from '../cli-command.ts';
import { REFERENCE_FILE_FORMATS, type ReferenceFileFormat } from './read-reference-file.ts';

export const REFERENCE_UPLOAD_USAGE =
  'modelwatch reference upload --model M --version V [--format csv|arrow|parquet] [--prediction-column C] [--label-column C] [--ignore a,b] FILE\n' +
  '  reads FILE (CSV with a header, Arrow IPC or Parquet; the extension names the format unless --format does)\n' +
  '  as the reference of model M version V: "prediction" and "label" columns, score.<class> and\n' +
  '  attribution.<feature> columns, every other column a feature; --ignore leaves out columns such as ids\n' +
  '  (timestamp, prediction_id and event_id are always left out); --ignore may be repeated';

export interface ReferenceUploadArgs {
  readonly model: string;
  readonly version: string;
  readonly file: string;
  readonly format?: ReferenceFileFormat;
  readonly predictionColumn?: string;
  readonly labelColumn?: string;
  readonly ignore: string[];
}

// The event validator's limit on model ids and versions.
const MAX_ID_LENGTH = 256;
const OPTIONS = ['model', 'version', 'format', 'prediction-column', 'label-column', 'ignore'] as const;
type OptionName = (typeof OPTIONS)[number];

/**
 * Parses the arguments after `modelwatch reference upload`. Options take their value as the
 * next argument or after "="; "--" ends the options (for a file whose name starts with "--").
 */
export function parseReferenceUploadArgs(args: readonly string[]): ReferenceUploadArgs {
  const single = new Map<OptionName, string>();
  const ignore: string[] = [];
  let file: string | undefined;
  let optionsDone = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (optionsDone || !arg.startsWith('--')) {
      if (arg === '-') throw new UsageError('reading the reference from standard input is not supported; give the path of a file');
      if (file !== undefined) throw new UsageError(`one reference file at a time; unexpected argument "${arg.slice(0, 60)}"`);
      file = arg;
      continue;
    }
    if (arg === '--') {
      optionsDone = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    if (!isOption(name)) throw new UsageError(`unknown option --${name}; the options are ${OPTIONS.map((o) => `--${o}`).join(', ')}`);
    const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
    // "--model --version 2" would otherwise take "--version" as the model.
    if (value === undefined || (eq < 0 && value.startsWith('--'))) throw new UsageError(`--${name} needs a value`);
    if (value === '') throw new UsageError(`--${name} needs a non-empty value`);
    if (name === 'ignore') {
      ignore.push(...ignoreList(value));
      continue;
    }
    if (single.has(name)) throw new UsageError(`--${name} is given twice`);
    single.set(name, value);
  }

  const model = single.get('model');
  const version = single.get('version');
  if (model === undefined) throw new UsageError('say which model the reference is for with --model');
  if (version === undefined) throw new UsageError('say which model version the reference is for with --version');
  if (model.length > MAX_ID_LENGTH) throw new UsageError(`--model must have at most ${MAX_ID_LENGTH} characters`);
  if (version.length > MAX_ID_LENGTH) throw new UsageError(`--version must have at most ${MAX_ID_LENGTH} characters`);
  if (file === undefined) throw new UsageError('say which file to upload (CSV, Arrow IPC or Parquet)');
  const format = single.get('format');
  if (format !== undefined && !isFormat(format)) throw new UsageError(`--format "${format}" is not one of ${REFERENCE_FILE_FORMATS.join(', ')}`);
  const predictionColumn = single.get('prediction-column');
  const labelColumn = single.get('label-column');
  if (predictionColumn !== undefined && predictionColumn === labelColumn) throw new UsageError(`--prediction-column and --label-column both name "${predictionColumn}"`);
  return {
    model,
    version,
    file,
    ...(format !== undefined ? { format } : {}),
    ...(predictionColumn !== undefined ? { predictionColumn } : {}),
    ...(labelColumn !== undefined ? { labelColumn } : {}),
    ignore: [...new Set(ignore)],
  };
}

function ignoreList(value: string): string[] {
  const names = value.split(',').map((name) => name.trim());
  if (names.some((name) => name === '')) throw new UsageError(`--ignore takes column names separated by commas; "${value.slice(0, 60)}" has an empty one`);
  return names;
}

function isOption(name: string): name is OptionName {
  return (OPTIONS as readonly string[]).includes(name);
}

function isFormat(value: string): value is ReferenceFileFormat {
  return (REFERENCE_FILE_FORMATS as readonly string[]).includes(value);
}
