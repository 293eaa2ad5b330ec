import { isAbsolute, resolve } from 'node:path';
import { fitReferenceProfile, type ModelwatchConfig, type ReferenceProfile } from '@modelwatch/core';
import { ReferenceStore } from '@modelwatch/metrics';
import { migrate, openWarehouse, type Warehouse } from '@modelwatch/warehouse';
import { UsageError, type CliCommand } from '../cli-command.ts';
import { isWarehouseBusy } from '../warehouse-busy.ts';
import { loadCliConfig } from '../cli-config.ts';
import { readReferenceFile } from '../reference/read-reference-file.ts';
import { ReferenceFileError } from '../reference/reference-file-error.ts';
import { parseReferenceUploadArgs, REFERENCE_UPLOAD_USAGE } from '../reference/reference-upload-command.ts';

/**
 * `modelwatch reference upload`: fits a model version's reference profile on a dataset file and
 * stores it, so drift of that version is measured against it from the next window on.
 */
export const referenceCommand: CliCommand = {
  name: 'reference',
  summary: 'upload a reference dataset (CSV, Arrow IPC, Parquet) for a model version',
  usage: REFERENCE_UPLOAD_USAGE,
  async run({ args, env, stdout, stderr, cwd }) {
    const [action, ...rest] = args;
    if (action !== 'upload') throw new UsageError(action === undefined ? 'say what to do: reference upload ...' : `unknown action "${action}"; the action is upload`);
    const parsed = parseReferenceUploadArgs(rest);
    const config = await loadCliConfig(env, undefined);
    let profile: ReferenceProfile;
    try {
      const file = await readReferenceFile(isAbsolute(parsed.file) ? parsed.file : resolve(cwd, parsed.file), {
        ...(parsed.format ? { format: parsed.format } : {}),
        ...(parsed.predictionColumn ? { predictionColumn: parsed.predictionColumn } : {}),
        ...(parsed.labelColumn ? { labelColumn: parsed.labelColumn } : {}),
        ignore: parsed.ignore,
      });
      profile = fitReferenceProfile({ modelId: parsed.model, modelVersion: parsed.version, rows: file.rows, source: 'dataset', createdAtMs: Date.now() });
    } catch (error) {
      if (error instanceof ReferenceFileError || (error as Error).name === 'ReferenceProfileError') {
        stderr.write(`${(error as Error).message}\n`);
        return 1;
      }
      throw error;
    }
    const warehouse = await openForWrite(config);
    try {
      await new ReferenceStore(warehouse).save(profile);
    } finally {
      await warehouse.close();
    }
    const features = Object.values(profile.features);
    const texts = features.filter((f) => f.text === true).length;
    const numeric = features.filter((f) => f.profile.kind === 'numeric').length - texts;
    const categorical = features.filter((f) => f.profile.kind === 'categorical').length;
    stdout.write(
      `stored reference ${profile.referenceId.slice(0, 12)} for ${profile.modelId} ${profile.modelVersion}: ${profile.rows} rows, ` +
        `${texts > 0 ? `${numeric} numeric, ${categorical} categorical and ${texts} text` : `${numeric} numeric and ${categorical} categorical`} features` +
        `${profile.prediction ? ', prediction' : ''}${profile.label ? ', labels' : ''}${profile.importance ? `, importance from ${profile.importanceSource}` : ''}` +
        `${profile.estimation ? `, CBPE on class ${profile.estimation.positiveClass}` : ''} (${warehouse.mode} warehouse)\n`,
    );
    return 0;
  },
};

/**
 * The warehouse to write to: the server when one is configured; else the embedded one, or, when
 * a running modelwatch owns it, that process's SQL endpoint.
 */
async function openForWrite(config: ModelwatchConfig): Promise<Warehouse> {
  if (config.clickhouse.url) return openWarehouse({ ...config.clickhouse, dataDir: config.dataDir });
  try {
    const warehouse = await openWarehouse({ ...config.clickhouse, dataDir: config.dataDir });
    await migrate(warehouse);
    return warehouse;
  } catch (error) {
    if (!isWarehouseBusy(error)) throw error;
    const url = `http://${config.sqlEndpoint.host}:${config.sqlEndpoint.port}`;
    return openWarehouse({ ...config.clickhouse, url, dataDir: config.dataDir });
  }
}
