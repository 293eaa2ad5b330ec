import type { ModelWindowState } from './model-window-state.ts';
import type { ReferenceProfile } from './reference-profile.ts';

/**
 * The reference a window is scored against: the one its events were counted with, unless most of
 * its events were counted before the version had a reference (a window of the reference period
 * that got a few late events afterwards). Such a window reports `no_reference` rather than
 * drift computed on its few late events.
 */
export function scoringReference(state: ModelWindowState, reference: ReferenceProfile | null): ReferenceProfile | null {
  if (reference === null || state.referenceId !== reference.referenceId) return null;
  const unreferenced = state.unreferencedInferenceCount;
  return unreferenced * 2 > state.inferenceCount ? null : reference;
}
