import type { InferenceRecord } from '../events/inference-event.ts';
import type { ReferenceProfile } from './reference-profile.ts';

/** A prediction joined with its ground truth (the fields of a `joined_outcomes` row the windows use). */
export interface OutcomeRecord {
  readonly modelId: string;
  readonly modelVersion: string;
  readonly predictionId: string;
  /** The prediction's event time: the outcome counts in the prediction's window. */
  readonly predictionTimestampMs: number;
  readonly predictionValue: number | null;
  readonly predictionLabel: string | null;
  readonly scores: Readonly<Record<string, number>>;
  readonly segments: Readonly<Record<string, string>>;
  readonly labelValue: number | null;
  readonly labelClass: string | null;
  readonly labelDelayMs: number;
}

/**
 * What a model window is fed. Each input carries the reference profile of its model version as
 * it was when the input arrived (null before there is one), so that the window counts it into
 * the reference's bins.
 */
export type WindowInput =
  | { readonly kind: 'inference'; readonly event: InferenceRecord; readonly reference: ReferenceProfile | null }
  | {
      readonly kind: 'outcome';
      readonly outcome: OutcomeRecord;
      readonly reference: ReferenceProfile | null;
      /** Change detectors (by type) that signalled drift on this outcome's error, in arrival order. */
      readonly detections?: readonly string[];
    }
  | {
      /** A record ingest refused (it is on the DLQ), counted for the model's DLQ rate. */
      readonly kind: 'rejected';
      readonly modelId: string;
      readonly modelVersion: string;
      readonly timestampMs: number;
    };

/** The event time a window input counts at. */
export function inputTimeMs(input: WindowInput): number {
  switch (input.kind) {
    case 'inference':
      return input.event.timestampMs;
    case 'outcome':
      return input.outcome.predictionTimestampMs;
    case 'rejected':
      return input.timestampMs;
  }
}
