import { describe, expect, it } from 'vitest';
import { loadConfig } from '@modelwatch/core';
import { createLogger, MetricsRegistry, type OpsServer } from '@modelwatch/telemetry';
import { resolveTargets, startModules } from './module-manager.ts';
import { resource, type ServiceModule } from './service-module.ts';

const NUMBER = resource<number>('number');

function module(name: string, deps: string[], events: string[], isTarget = true, start?: ServiceModule['start']): ServiceModule {
  return {
    name,
    deps,
    isTarget,
    summary: name,
    start:
      start ??
      (async () => {
        events.push(`start ${name}`);
        return { stop: async () => void events.push(`stop ${name}`) };
      }),
  };
}

const base = {
  config: loadConfig(),
  log: createLogger({ write: () => undefined }),
  metrics: new MetricsRegistry(),
  ops: { url: '', port: 0, addCheck: () => undefined, close: async () => undefined } satisfies OpsServer,
};

describe('resolveTargets', () => {
  const events: string[] = [];
  const modules = [module('warehouse', [], events, false), module('ingest', ['warehouse'], events), module('metrics', ['warehouse', 'ingest'], events)];

  it('puts dependencies first and expands all to every target', () => {
    expect(resolveTargets(modules, ['all']).map((m) => m.name)).toEqual(['warehouse', 'ingest', 'metrics']);
    expect(resolveTargets(modules, ['ingest']).map((m) => m.name)).toEqual(['warehouse', 'ingest']);
  });

  it('refuses unknown targets with the valid names, and cycles', () => {
    expect(() => resolveTargets(modules, ['ingset'])).toThrow('unknown target "ingset"; valid targets are all, ingest, metrics');
    const cyclic = [module('a', ['b'], events), module('b', ['a'], events)];
    expect(() => resolveTargets(cyclic, ['a'])).toThrow('cycle: a -> b -> a');
  });
});

describe('startModules', () => {
  it('starts in order, shares resources, and stops in reverse', async () => {
    const events: string[] = [];
    const provider = module('provider', [], events, true, async ({ provide }) => {
      provide(NUMBER, 42);
      events.push('start provider');
      return { stop: async () => void events.push('stop provider') };
    });
    const user = module('user', ['provider'], events, true, async ({ use }) => {
      events.push(`start user with ${use(NUMBER)}`);
      return { stop: async () => void events.push('stop user') };
    });
    const started = await startModules([provider, user], base);
    await started.stop();
    expect(events).toEqual(['start provider', 'start user with 42', 'stop user', 'stop provider']);
  });

  it('stops what started when a later module fails, and names a missing resource', async () => {
    const events: string[] = [];
    const failing = module('needy', [], events, true, async ({ use }) => {
      use(NUMBER);
      return { stop: async () => undefined };
    });
    await expect(startModules([module('first', [], events), failing], base)).rejects.toThrow('module "needy" needs "number", which no started module provides');
    expect(events).toEqual(['start first', 'stop first']);
  });
});
