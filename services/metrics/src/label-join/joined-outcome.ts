import { outcomeLabelClass, type GroundTruthRecord, type InferenceRecord, type OutcomeRecord } from '@modelwatch/core';

/** What the join keeps of a prediction, in memory or read back from `inference_events`. */
export interface StoredPrediction {
  /** Only to choose one prediction when a prediction id was stored more than once. */
  readonly eventId: string;
  readonly modelId: string;
  readonly modelVersion: string;
  readonly predictionId: string;
  readonly timestampMs: number;
  readonly predictionValue: number | null;
  readonly predictionLabel: string | null;
  readonly scores: Readonly<Record<string, number>>;
  readonly segments: Readonly<Record<string, string>>;
}

/**
 * A prediction with its ground truth: one row of `joined_outcomes`. Identity: (modelId, predictionId,
 * labelEventId). The windows read the OutcomeRecord part; labelDelayMs is label time minus
 * prediction time, negative when the outcome was observed before the prediction's time.
 */
export interface JoinedOutcome extends OutcomeRecord {
  readonly labelEventId: string;
  readonly labelTimestampMs: number;
  readonly joinedAtMs: number;
}

export function storedPrediction(r: InferenceRecord): StoredPrediction {
  return {
    eventId: r.eventId,
    modelId: r.modelId,
    modelVersion: r.modelVersion,
    predictionId: r.predictionId,
    timestampMs: r.timestampMs,
    predictionValue: r.predictionValue,
    predictionLabel: r.predictionLabel,
    scores: r.scores,
    segments: r.segments,
  };
}

/**
 * When one prediction id was stored more than once (a resent event, two model versions), the join
 * uses the earliest, ties broken by the smaller event id: the same choice in memory and in the
 * ClickHouse look-up, so a re-joined pair lands in the same partition and replaces itself.
 */
export function preferredPrediction(a: StoredPrediction, b: StoredPrediction): StoredPrediction {
  if (a.timestampMs !== b.timestampMs) return a.timestampMs < b.timestampMs ? a : b;
  return a.eventId <= b.eventId ? a : b;
}

export function joinOutcome(prediction: StoredPrediction, label: GroundTruthRecord, joinedAtMs: number): JoinedOutcome {
  return {
    modelId: prediction.modelId,
    modelVersion: prediction.modelVersion,
    predictionId: prediction.predictionId,
    predictionTimestampMs: prediction.timestampMs,
    predictionValue: prediction.predictionValue,
    predictionLabel: prediction.predictionLabel,
    scores: prediction.scores,
    segments: prediction.segments,
    labelEventId: label.eventId,
    labelValue: label.labelValue,
    labelClass: outcomeLabelClass(prediction.predictionLabel, label.labelValue, label.labelClass),
    labelTimestampMs: label.timestampMs,
    labelDelayMs: label.timestampMs - prediction.timestampMs,
    joinedAtMs,
  };
}
