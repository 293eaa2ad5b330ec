import { resolveDataDir, DevStackError } from '@modelwatch/dev-stack';
import { UsageError, type CliCommand } from '../cli-command.ts';
import { parseFlags } from '../cli-config.ts';

/** What `start|stop|status` needs to know about one service of the local stack. */
export interface LocalService {
  /** How messages name it: "Kafka", "schema registry". */
  readonly label: string;
  /** Port flags `start` accepts, e.g. `port`, `controller-port`. */
  readonly portFlags: readonly string[];
  start(dataDir: string, ports: Record<string, number>, log: (line: string) => void): Promise<{ alreadyRunning: boolean; pid: number; logFile: string; address: string }>;
  stop(dataDir: string): Promise<{ wasRunning: boolean; pid?: number; forced: boolean }>;
  status(dataDir: string): Promise<{ running: boolean; ready: boolean; pid?: number; address?: string; logFile: string }>;
}

/**
 * `modelwatch <name> start|stop|status` for a service of @modelwatch/dev-stack. `status` exits
 * 0 when the service answers and 3 when it does not, so scripts can wait on it.
 */
export function localServiceCommand(spec: { name: string; summary: string; usage: string; service: LocalService }): CliCommand {
  const { service } = spec;
  return {
    name: spec.name,
    summary: spec.summary,
    usage: spec.usage,
    async run({ args, env, cwd, stdout, stderr }) {
      const { flags, positional } = parseFlags(args, service.portFlags);
      const [action, extra] = positional;
      if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
      const dataDir = resolveDataDir(env, cwd);
      const ports: Record<string, number> = {};
      for (const name of service.portFlags) {
        const value = flags.get(name)?.at(-1);
        if (value === undefined) continue;
        const port = Number(value);
        if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`--${name} must be a port number (1-65535), got "${value}"`);
        ports[name] = port;
      }
      if (action !== 'start' && Object.keys(ports).length > 0) {
        throw new UsageError(`${service.portFlags.map((f) => `--${f}`).join(' and ')} go with "start"`);
      }
      try {
        switch (action) {
          case 'start': {
            const started = await service.start(dataDir, ports, (line) => stderr.write(`${line}\n`));
            const how = started.alreadyRunning ? 'already running' : 'started';
            stdout.write(`${service.label} ${how} (pid ${started.pid}): ${started.address}; log ${started.logFile}\n`);
            return 0;
          }
          case 'stop': {
            const stopped = await service.stop(dataDir);
            stdout.write(
              stopped.wasRunning
                ? `${service.label} stopped (pid ${stopped.pid}${stopped.forced ? ', killed after it ignored SIGTERM' : ''})\n`
                : `${service.label} was not running (data dir ${dataDir})\n`,
            );
            return 0;
          }
          case 'status': {
            const status = await service.status(dataDir);
            if (!status.running) {
              stdout.write(`${service.label} is not running (data dir ${dataDir})\n`);
              return 3;
            }
            stdout.write(
              `${service.label} is running (pid ${status.pid}) at ${status.address ?? '?'}` +
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
}
