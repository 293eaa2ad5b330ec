import {
  modelWindowAggregate, windowStart, seriesOf, windowKeyString, type InferenceRecord, type ModelWindowState, type OutcomeRecord,
  type ReferenceProfile, type WindowKey, parseReferenceProfile, outcomeLabelClass,
} from '@modelwatch/core';
import type { ClickHouseClient } from '@clickhouse/client';

/** A window recomputed in one pass over the raw tables: what the streaming result must equal. */
export interface BatchWindow {
  readonly key: WindowKey;
  /** The inference side only (what `window_states` holds). */
  readonly inference: ModelWindowState;
  /** The inference side merged with the window's outcomes (what the evaluation scores). */
  readonly full: ModelWindowState;
  readonly reference: ReferenceProfile | null;
}

async function rows<T>(client: ClickHouseClient, query: string): Promise<T[]> {
  return (await client.query({ query, format: 'JSONEachRow' })).json<T>();
}

/**
 * Recomputes every window of the given models from `inference_events` and `ground_truth_events`
 * (joined here by the same rule as the service: the earliest prediction with the id), counting
 * each model version against its current reference.
 */
export async function batchWindows(client: ClickHouseClient, models: readonly string[], windowMs: number): Promise<Map<string, BatchWindow>> {
  const aggregate = modelWindowAggregate();
  const references = new Map<string, ReferenceProfile>();
  for (const r of await rows<{ model_id: string; model_version: string; profile: string }>(
    client,
    'SELECT model_id, model_version, argMax(profile, created_at) AS profile FROM reference_profiles GROUP BY model_id, model_version',
  )) {
    references.set(`${r.model_id}/${r.model_version}`, parseReferenceProfile(JSON.parse(r.profile)));
  }
  const list = models.map((m) => `'${m.replace(/'/g, '')}'`).join(',');
  const windows = new Map<string, { key: WindowKey; inference: ModelWindowState; outcomes: ModelWindowState }>();
  const cell = (key: WindowKey) => {
    const id = windowKeyString(key);
    let w = windows.get(id);
    if (w === undefined) {
      w = { key, inference: aggregate.empty(), outcomes: aggregate.empty() };
      windows.set(id, w);
    }
    return w;
  };

  type EventRow = {
    event_id: string; model_id: string; model_version: string; prediction_id: string; ts: string | number;
    numeric_features: Record<string, number>; categorical_features: Record<string, string>; missing_features: string[];
    prediction_value: number | null; prediction_label: string | null; scores: Record<string, number>; latency_ms: number | null;
    status: 'ok' | 'error'; segments: Record<string, string>; attributions: Record<string, number>;
  };
  for (const r of await rows<EventRow>(client, `SELECT *, toUnixTimestamp64Milli(timestamp) AS ts FROM inference_events FINAL WHERE model_id IN (${list})`)) {
    const event: InferenceRecord = {
      eventId: r.event_id, modelId: r.model_id, modelVersion: r.model_version, predictionId: r.prediction_id, timestampMs: Number(r.ts),
      numericFeatures: r.numeric_features, categoricalFeatures: r.categorical_features, missingFeatures: r.missing_features,
      predictionValue: r.prediction_value, predictionLabel: r.prediction_label, scores: r.scores, latencyMs: r.latency_ms,
      status: r.status, segments: r.segments, attributions: r.attributions,
    } as InferenceRecord;
    const reference = references.get(`${r.model_id}/${r.model_version}`) ?? null;
    const start = windowStart(event.timestampMs, windowMs);
    for (const series of seriesOf(event)) {
      const w = cell({ ...series, windowStartMs: start });
      w.inference = aggregate.add(w.inference, { kind: 'inference', event, reference }) ?? w.inference;
    }
  }

  type OutcomeRow = {
    model_id: string; model_version: string; prediction_id: string; pt: string | number; lt: string | number;
    prediction_value: number | null; prediction_label: string | null; scores: Record<string, number>; segments: Record<string, string>;
    label_value: number | null; label_class: string | null;
  };
  for (const r of await rows<OutcomeRow>(
    client,
    `SELECT p.model_id AS model_id, p.model_version AS model_version, p.prediction_id AS prediction_id, toUnixTimestamp64Milli(p.timestamp) AS pt,
            toUnixTimestamp64Milli(g.timestamp) AS lt, p.prediction_value AS prediction_value, p.prediction_label AS prediction_label,
            p.scores AS scores, p.segments AS segments, g.label_value AS label_value, g.label_class AS label_class
     FROM (SELECT * FROM ground_truth_events FINAL WHERE model_id IN (${list})) AS g
     INNER JOIN (SELECT * FROM inference_events FINAL WHERE model_id IN (${list})
                 ORDER BY model_id, prediction_id, timestamp, event_id LIMIT 1 BY model_id, prediction_id) AS p
       ON g.model_id = p.model_id AND g.prediction_id = p.prediction_id`,
  )) {
    const outcome: OutcomeRecord = {
      modelId: r.model_id, modelVersion: r.model_version, predictionId: r.prediction_id, predictionTimestampMs: Number(r.pt),
      predictionValue: r.prediction_value, predictionLabel: r.prediction_label, scores: r.scores, segments: r.segments,
      labelValue: r.label_value, labelClass: outcomeLabelClass(r.prediction_label, r.label_value, r.label_class), labelDelayMs: Number(r.lt) - Number(r.pt),
    };
    const reference = references.get(`${r.model_id}/${r.model_version}`) ?? null;
    const start = windowStart(outcome.predictionTimestampMs, windowMs);
    for (const series of seriesOf(outcome)) {
      const w = cell({ ...series, windowStartMs: start });
      w.outcomes = aggregate.add(w.outcomes, { kind: 'outcome', outcome, reference }) ?? w.outcomes;
    }
  }

  const result = new Map<string, BatchWindow>();
  for (const [id, w] of windows) {
    result.set(id, {
      key: w.key,
      inference: w.inference,
      full: aggregate.merge(w.inference, w.outcomes),
      reference: references.get(`${w.key.modelId}/${w.key.modelVersion}`) ?? null,
    });
  }
  return result;
}
