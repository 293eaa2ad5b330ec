import type { ModelwatchConfig } from '@modelwatch/core';
import type { Logger, MetricsRegistry, OpsServer } from '@modelwatch/telemetry';

/** A typed name for something one module makes and others use (the warehouse, a producer). */
export interface Resource<T> {
  readonly name: string;
  /** Phantom field: ties the key to its value type. */
  readonly type?: T;
}

export function resource<T>(name: string): Resource<T> {
  return { name };
}

export interface ModuleContext {
  readonly config: ModelwatchConfig;
  readonly log: Logger;
  readonly metrics: MetricsRegistry;
  readonly ops: OpsServer;
  /** Makes a resource available to the modules that depend on this one. */
  provide<T>(key: Resource<T>, value: T): void;
  /** A resource provided by a dependency; throws if no started module provides it. */
  use<T>(key: Resource<T>): T;
}

export interface RunningModule {
  stop(): Promise<void>;
}

/**
 * One service of modelwatch. The same modules run together in one process (`--targets all`)
 * or apart in many; a module reaches others only through the resources its dependencies
 * provide, so it does not care which.
 */
export interface ServiceModule {
  readonly name: string;
  readonly deps: readonly string[];
  /** False for modules that only support others (the warehouse): `all` starts them as dependencies. */
  readonly isTarget: boolean;
  readonly summary: string;
  start(context: ModuleContext): Promise<RunningModule>;
}
