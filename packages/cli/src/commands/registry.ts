import { resolveDataDir, schemaRegistryStatus, startSchemaRegistry, stopSchemaRegistry, DevStackError } from '@modelwatch/dev-stack';
import { UsageError, type CliCommand } from '../cli-command.ts';
import { parseFlags } from '../cli-config.ts';

/** `modelwatch registry start|stop|status`: the local Apicurio schema registry of @modelwatch/dev-stack. */
export const registryCommand: CliCommand = {
  name: 'registry',
  summary: 'start, stop or inspect the local schema registry (Apicurio, Confluent API on 127.0.0.1:8081)',
  usage:
    'modelwatch registry start [--port 8081] | stop | status\n' +
    '  files in $MODELWATCH_DATA_DIR/schema-registry (default .modelwatch/schema-registry); status exits 0 when it answers, 3 when not',
  async run({ args, env, cwd, stdout, stderr }) {
    const { flags, positional } = parseFlags(args, ['port']);
    const [action, extra] = positional;
    if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
    const dataDir = resolveDataDir(env, cwd);
    const portText = flags.get('port')?.at(-1);
    const port = portText === undefined ? undefined : Number(portText);
    if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) {
      throw new UsageError(`--port must be a port number (1-65535), got "${portText}"`);
    }
    if (action !== 'start' && port !== undefined) throw new UsageError('--port goes with "start"');
    try {
      switch (action) {
        case 'start': {
          const started = await startSchemaRegistry({ dataDir, ...(port !== undefined ? { port } : {}), log: (line) => stderr.write(`${line}\n`) });
          const how = started.alreadyRunning ? 'already running' : 'started';
          stdout.write(`schema registry ${how} (pid ${started.pid}): ${started.url}; log ${started.logFile}\n`);
          return 0;
        }
        case 'stop': {
          const stopped = await stopSchemaRegistry({ dataDir });
          stdout.write(
            stopped.wasRunning
              ? `schema registry stopped (pid ${stopped.pid}${stopped.forced ? ', killed after it ignored SIGTERM' : ''})\n`
              : `schema registry was not running (data dir ${dataDir})\n`,
          );
          return 0;
        }
        case 'status': {
          const status = await schemaRegistryStatus({ dataDir });
          if (!status.running) {
            stdout.write(`schema registry is not running (data dir ${dataDir})\n`);
            return 3;
          }
          stdout.write(
            `schema registry is running (pid ${status.pid}) at ${status.url ?? '?'}` +
              `${status.ready ? '' : ', but it does not answer'}; log ${status.logFile}\n`,
          );
          return status.ready ? 0 : 3;
        }
        default:
          throw new UsageError(action === undefined ? 'say start, stop or status' : `unknown action "${action}"; say start, stop or status`);
      }
    } catch (error) {
      if (!(error instanceof DevStackError)) throw error;
      stderr.write(`${error.message}\n`);
      return 1;
    }
  },
};
