import { migrate, openWarehouse } from '@modelwatch/warehouse';
import { UsageError, type CliCommand } from '../cli-command.ts';
import { isWarehouseBusy } from '../warehouse-busy.ts';
import { loadCliConfig, parseFlags } from '../cli-config.ts';

export const migrateCommand: CliCommand = {
  name: 'migrate',
  summary: 'apply the SQL migrations in sql/ to the warehouse (also done at start)',
  usage: 'modelwatch migrate [--config FILE]',
  async run({ args, env, stdout }) {
    const { flags, positional } = parseFlags(args, ['config']);
    if (positional.length > 0) throw new UsageError(`unexpected argument "${positional[0]}"`);
    const config = await loadCliConfig(env, flags.get('config')?.at(-1));
    let warehouse;
    try {
      warehouse = await openWarehouse({ ...config.clickhouse, dataDir: config.dataDir });
    } catch (error) {
      if (isWarehouseBusy(error)) {
        throw new Error(
          `another process owns the embedded warehouse in ${config.dataDir}; it applies migrations when it starts. ` +
            'To migrate through it, set MODELWATCH_CLICKHOUSE_URL to its SQL endpoint (http://127.0.0.1:8123).',
        );
      }
      throw error;
    }
    try {
      const report = await migrate(warehouse);
      for (const name of report.applied) stdout.write(`applied ${name}\n`);
      stdout.write(`${report.applied.length} applied, ${report.alreadyApplied.length} already applied (${warehouse.mode} warehouse, database ${warehouse.database})\n`);
    } finally {
      await warehouse.close();
    }
    return 0;
  },
};
