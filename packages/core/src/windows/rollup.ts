import type { MergeableAggregate } from './aggregate.ts';
import { compareWindowKeys, windowKeyString, type WindowKey } from './window-key.ts';
import { rollupStart } from './window-time.ts';
import type { WindowResult } from './window-store.ts';

/**
 * Merges base windows (closed windows and corrections alike) into views of `rollupMs` per series:
 * 5-minute, hourly and daily views are merges of 1-minute windows, not recomputations. Every input
 * must start on a `baseMs` boundary, and `rollupMs` must be a multiple of `baseMs`. The result is
 * ordered by view start, then series; `windowStartMs` of each key is the view's start.
 */
export function rollUp<S>(
  windows: Iterable<{ readonly key: WindowKey; readonly state: S }>,
  baseMs: number,
  rollupMs: number,
  aggregate: Pick<MergeableAggregate<unknown, S>, 'empty' | 'merge'>,
): WindowResult<S>[] {
  const views = new Map<string, { key: WindowKey; windowEndMs: number; state: S }>();
  for (const { key, state } of windows) {
    const start = rollupStart(key.windowStartMs, baseMs, rollupMs);
    const viewKey: WindowKey = { ...key, windowStartMs: start };
    const id = windowKeyString(viewKey);
    const view = views.get(id) ?? { key: viewKey, windowEndMs: start + rollupMs, state: aggregate.empty() };
    view.state = aggregate.merge(view.state, state);
    views.set(id, view);
  }
  return [...views.values()].sort((a, b) => compareWindowKeys(a.key, b.key));
}
