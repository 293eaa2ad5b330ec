import { UsageError, type CliCommand } from '../cli-command.ts';
import { loadCliConfig, parseFlags } from '../cli-config.ts';
import { createLogger } from '@modelwatch/telemetry';
import { startModelwatch } from '../start-modelwatch.ts';

export const runCommand: CliCommand = {
  name: 'run',
  summary: 'run modelwatch services in this process (--targets all by default)',
  usage: 'modelwatch run [--targets all|ingest,...] [--config FILE]',
  async run({ args, env, stdout }) {
    const { flags, positional } = parseFlags(args, ['targets', 'config']);
    if (positional.length > 0) throw new UsageError(`unexpected argument "${positional[0]}"`);
    const targets = flags.get('targets')?.at(-1);
    const config = await loadCliConfig(env, flags.get('config')?.at(-1), targets ? { MODELWATCH_TARGETS: targets } : {});
    const log = createLogger({ level: config.log.level });
    const running = await startModelwatch(config, log);
    stdout.write(`modelwatch running: ${running.modules.names.join(', ')}; metrics at ${running.ops.url}/metrics\n`);
    await new Promise<void>((resolve) => {
      const onSignal = (signal: string) => {
        log.info('shutting down', { signal });
        resolve();
      };
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
    });
    await running.stop();
    return 0;
  },
};
