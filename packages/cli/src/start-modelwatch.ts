import type { ModelwatchConfig } from '@modelwatch/core';
import { resolveTargets, startModules, type StartedModules } from '@modelwatch/runtime';
import { createLogger, MetricsRegistry, startOpsServer, type Logger, type OpsServer } from '@modelwatch/telemetry';
import { MODULES } from './modules/index.ts';

export interface RunningModelwatch {
  readonly modules: StartedModules;
  readonly ops: OpsServer;
  readonly metrics: MetricsRegistry;
  stop(): Promise<void>;
}

/** Starts the modules the configured targets need, in dependency order, in this process. */
export async function startModelwatch(config: ModelwatchConfig, log: Logger = createLogger({ level: config.log.level })): Promise<RunningModelwatch> {
  const modules = resolveTargets(MODULES, config.targets);
  const metrics = new MetricsRegistry();
  const ops = await startOpsServer({ host: config.http.host, port: config.http.port, metrics });
  // /readyz answers 503 until every module has started, then as the modules' own checks say.
  let startedAll = false;
  ops.addCheck({ name: 'startup', ready: () => startedAll });
  let started: StartedModules;
  try {
    started = await startModules(modules, { config, log, metrics, ops });
  } catch (error) {
    await ops.close();
    throw error;
  }
  startedAll = true;
  return {
    modules: started,
    ops,
    metrics,
    async stop() {
      await started.stop();
      await ops.close();
    },
  };
}
