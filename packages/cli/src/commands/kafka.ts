import { kafkaStatus, resolveDataDir, startKafka, stopKafka, DevStackError } from '@modelwatch/dev-stack';
import { UsageError, type CliCommand } from '../cli-command.ts';
import { parseFlags } from '../cli-config.ts';

/** `modelwatch kafka start|stop|status`: the local single-node broker of @modelwatch/dev-stack. */
export const kafkaCommand: CliCommand = {
  name: 'kafka',
  summary: 'start, stop or inspect the local Kafka broker (127.0.0.1:9092, from Maven Central)',
  usage:
    'modelwatch kafka start [--port 9092] [--controller-port 9093] | stop | status\n' +
    '  files in $MODELWATCH_DATA_DIR/kafka (default .modelwatch/kafka); status exits 0 when it answers, 3 when not',
  async run({ args, env, cwd, stdout, stderr }) {
    const { flags, positional } = parseFlags(args, ['port', 'controller-port']);
    const [action, extra] = positional;
    if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
    const dataDir = resolveDataDir(env, cwd);
    const port = portFlag(flags.get('port')?.at(-1), 'port');
    const controllerPort = portFlag(flags.get('controller-port')?.at(-1), 'controller-port');
    if (action !== 'start' && (port !== undefined || controllerPort !== undefined)) {
      throw new UsageError('--port and --controller-port go with "start"');
    }
    try {
      switch (action) {
        case 'start': {
          const started = await startKafka({
            dataDir,
            ...(port !== undefined ? { port } : {}),
            ...(controllerPort !== undefined ? { controllerPort } : {}),
            log: (line) => stderr.write(`${line}\n`),
          });
          const how = started.alreadyRunning ? 'already running' : 'started';
          stdout.write(`Kafka ${how} (pid ${started.pid}): brokers ${started.brokers.join(',')}; log ${started.logFile}\n`);
          return 0;
        }
        case 'stop': {
          const stopped = await stopKafka({ dataDir });
          stdout.write(
            stopped.wasRunning
              ? `Kafka stopped (pid ${stopped.pid}${stopped.forced ? ', killed after it ignored SIGTERM' : ''})\n`
              : `Kafka was not running (data dir ${dataDir})\n`,
          );
          return 0;
        }
        case 'status': {
          const status = await kafkaStatus({ dataDir });
          if (!status.running) {
            stdout.write(`Kafka is not running (data dir ${dataDir})\n`);
            return 3;
          }
          stdout.write(
            `Kafka is running (pid ${status.pid}) on ${status.brokers?.join(',') ?? '?'}` +
              `${status.ready ? '' : ', but its port does not answer'}; log ${status.logFile}\n`,
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

function portFlag(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`--${name} must be a port number (1-65535), got "${value}"`);
  return port;
}
