import type { MergeableAggregate } from '../windows/aggregate.ts';
import type { MonitoringOptions } from './monitoring-options.ts';
import { ModelWindowState } from './model-window-state.ts';
import type { WindowInput } from './window-input.ts';

/**
 * The window store's aggregate for one model series: every WindowInput (inference event, outcome,
 * rejected record) goes into a ModelWindowState, changed in place by add. Merges are new states;
 * toJSON/fromJSON are the state's compact JSON. The laws of MergeableAggregate hold exactly for
 * the counts, bins, samples and sketches; see monitoring/README.md for the floating-point sums.
 */
export function modelWindowAggregate(options: Partial<Pick<MonitoringOptions, 'sampleCapacity'>> = {}): MergeableAggregate<WindowInput, ModelWindowState> {
  const settings = { ...(options.sampleCapacity === undefined ? {} : { sampleCapacity: options.sampleCapacity }) };
  const capacity = new ModelWindowState(settings).sampleCapacity; // checks the options once, up front
  return {
    empty: () => new ModelWindowState(settings),
    add: (state, input) => state.add(input),
    merge: (a, b) => ModelWindowState.merge(a, b),
    toJSON: (state) => state.toJSON(),
    fromJSON: (json) => {
      const state = ModelWindowState.fromJSON(json);
      if (state.sampleCapacity !== capacity) throw new RangeError(`the stored window state keeps ${state.sampleCapacity} sampled values, this aggregate ${capacity}`);
      return state;
    },
  };
}
