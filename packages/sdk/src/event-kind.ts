import type { GroundTruthEvent, InferenceEvent } from '@modelwatch/core';

/** The two kinds of event a model server publishes, each to its own topic. */
export type EventKind = 'inference' | 'ground-truth';

/** An event that passed validation, waiting in the batch: its key and its time in epoch ms. */
export type AcceptedEvent =
  | { readonly kind: 'inference'; readonly key: string; readonly timestampMs: number; readonly event: InferenceEvent }
  | { readonly kind: 'ground-truth'; readonly key: string; readonly timestampMs: number; readonly event: GroundTruthEvent };
