import type { ModelwatchConfig } from '@modelwatch/core';
import type { Logger, MetricsRegistry, OpsServer } from '@modelwatch/telemetry';
import type { ModuleContext, Resource, RunningModule, ServiceModule } from './service-module.ts';

/**
 * The modules a list of targets needs, dependencies first. `all` means every target module.
 * Unknown targets and dependency cycles are refused with the list of valid names.
 */
export function resolveTargets(modules: readonly ServiceModule[], targets: readonly string[]): ServiceModule[] {
  const byName = new Map(modules.map((m) => [m.name, m]));
  const wanted = targets.includes('all') ? modules.filter((m) => m.isTarget).map((m) => m.name) : [...targets];
  const unknown = wanted.filter((t) => !byName.has(t));
  if (unknown.length > 0) {
    const valid = ['all', ...modules.filter((m) => m.isTarget).map((m) => m.name)].join(', ');
    throw new Error(`unknown target ${unknown.map((u) => `"${u}"`).join(', ')}; valid targets are ${valid}`);
  }
  const ordered: ServiceModule[] = [];
  const visiting = new Set<string>();
  const visit = (name: string, path: string[]): void => {
    const module = byName.get(name);
    if (!module) throw new Error(`module "${path.at(-1)}" depends on "${name}", which is not registered`);
    if (ordered.includes(module)) return;
    if (visiting.has(name)) throw new Error(`modules depend on each other in a cycle: ${[...path, name].join(' -> ')}`);
    visiting.add(name);
    for (const dep of module.deps) visit(dep, [...path, name]);
    visiting.delete(name);
    ordered.push(module);
  };
  for (const name of wanted) visit(name, []);
  return ordered;
}

export interface StartedModules {
  readonly names: readonly string[];
  use<T>(key: Resource<T>): T | undefined;
  /** Stops the modules in reverse order of start; each stop is awaited even if another failed. */
  stop(): Promise<void>;
}

export async function startModules(
  modules: readonly ServiceModule[],
  base: { config: ModelwatchConfig; log: Logger; metrics: MetricsRegistry; ops: OpsServer },
): Promise<StartedModules> {
  const resources = new Map<string, unknown>();
  const running: { name: string; module: RunningModule }[] = [];
  const stop = async (): Promise<void> => {
    for (const { name, module } of running.reverse()) {
      try {
        await module.stop();
        base.log.info('stopped', { module: name });
      } catch (error) {
        base.log.error('stop failed', { module: name, error });
      }
    }
    running.length = 0;
  };
  for (const module of modules) {
    const context: ModuleContext = {
      ...base,
      log: base.log.child({ module: module.name }),
      provide: (key, value) => {
        resources.set(key.name, value);
      },
      use: <T>(key: Resource<T>): T => {
        if (!resources.has(key.name)) throw new Error(`module "${module.name}" needs "${key.name}", which no started module provides: add its module to deps`);
        return resources.get(key.name) as T;
      },
    };
    try {
      running.push({ name: module.name, module: await module.start(context) });
      base.log.info('started', { module: module.name });
    } catch (error) {
      await stop();
      throw error;
    }
  }
  return {
    names: modules.map((m) => m.name),
    use: <T>(key: Resource<T>) => resources.get(key.name) as T | undefined,
    stop,
  };
}
