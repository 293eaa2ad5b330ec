import { fitReferenceProfile, MAX_CATEGORY_LENGTH, numericWithMissing, setOwn, type ReferenceRow } from '@modelwatch/core';
import type { Logger } from '@modelwatch/telemetry';
import type { Warehouse } from '@modelwatch/warehouse';
import type { ReferenceCache } from './reference-cache.ts';
import type { ReferenceStore } from './reference-store.ts';

/** Rows read from a version's first traffic to fit its reference; a uniform cut keeps the fit fast. */
const MAX_REFERENCE_ROWS = 200_000;

export interface ReferenceWindowBuilderParts {
  readonly warehouse: Pick<Warehouse, 'client'>;
  readonly store: Pick<ReferenceStore, 'save' | 'has'>;
  readonly cache: Pick<ReferenceCache, 'invalidate'>;
  readonly referenceWindowMs: number;
  readonly allowedLatenessMs: number;
  /** The event time up to which windows are complete on every inference partition (null: not known yet). */
  readonly completeUpTo: () => number | null;
  /** The rolling period of a model (0: no rolling reference). */
  readonly rollingReferenceMs: (modelId: string) => number;
  readonly log: Logger;
}

interface Row {
  numeric_features: Record<string, number>;
  /** Categories only: texts come as their lengths. */
  categorical_features: Record<string, string>;
  text_lengths: Record<string, number | string>;
  missing_features: string[];
  prediction_value: number | null;
  prediction_label: string | null;
  scores: Record<string, number>;
  attributions: Record<string, number>;
  labelled: number;
  label_value: number | null;
  label_class: string | null;
}

/**
 * Gives a model version without an uploaded reference one fitted on its first
 * `referenceWindowMs` of traffic (event time), once the windows of that period are complete on
 * every partition. The windows counted before the version had a reference are scored against it
 * afterwards (see WindowEvaluator). For a model with a rolling period, refits the reference on the
 * previous period's traffic each time the closed windows have moved a whole period past the
 * current reference's period (or past the start, for an uploaded one): windows are then scored
 * against the traffic before them.
 *
 * A version's first-traffic reference is fitted once. Passes never overlap (a pass over a
 * thousand versions outlasts the timer, and overlapping passes each fitted the versions the other
 * had not saved yet); a version with any reference is skipped, checked again right before the
 * save; and the period is fitted only once it is complete everywhere, so two processes that fit
 * it at once read the same rows and store the same content-hashed reference id, one row once
 * `reference_profiles` (a ReplacingMergeTree on that id) has merged.
 */
export class ReferenceWindowBuilder {
  private running: Promise<number> | null = null;

  constructor(private readonly parts: ReferenceWindowBuilderParts) {}

  /** Builds every reference that is due; returns how many were stored. A call during a pass waits for that pass. */
  run(): Promise<number> {
    if (this.running === null) {
      this.running = this.pass().finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  private async pass(): Promise<number> {
    return (await this.firstTraffic()) + (await this.roll());
  }

  /** First-traffic references that are due; returns how many were stored. */
  private async firstTraffic(): Promise<number> {
    const { warehouse, referenceWindowMs } = this.parts;
    const complete = this.parts.completeUpTo();
    if (complete === null) return 0;
    const result = await warehouse.client.query({
      query: `SELECT model_id, model_version, toUnixTimestamp64Milli(min(window_start)) AS first
              FROM window_states WHERE segment_name = ''
              GROUP BY model_id, model_version
              HAVING toUnixTimestamp64Milli(max(window_end)) >= first + {span:Int64}
                 AND first + {span:Int64} + {lateness:Int64} <= {complete:Int64}
                 AND (model_id, model_version) NOT IN (SELECT model_id, model_version FROM reference_profiles)`,
      query_params: { span: referenceWindowMs, lateness: this.parts.allowedLatenessMs, complete },
      format: 'JSONEachRow',
    });
    let built = 0;
    for (const due of await result.json<{ model_id: string; model_version: string; first: string | number }>()) {
      const from = Number(due.first);
      if (await this.build(due.model_id, due.model_version, from, from + referenceWindowMs, 'window')) built += 1;
    }
    return built;
  }

  /** Rolling references that are due; returns how many were stored. */
  private async roll(): Promise<number> {
    const result = await this.parts.warehouse.client.query({
      query: `SELECT s.model_id AS model_id, s.model_version AS model_version, s.first AS first, s.last_end AS last_end, r.period_end AS period_end
              FROM (SELECT model_id, model_version, toUnixTimestamp64Milli(min(window_start)) AS first, toUnixTimestamp64Milli(max(window_end)) AS last_end
                    FROM window_states WHERE segment_name = '' GROUP BY model_id, model_version) AS s
              INNER JOIN (SELECT model_id, model_version, max(JSONExtractInt(profile, 'period', 'toMs')) AS period_end
                          FROM reference_profiles GROUP BY model_id, model_version) AS r
                ON s.model_id = r.model_id AND s.model_version = r.model_version`,
      format: 'JSONEachRow',
    });
    let built = 0;
    for (const row of await result.json<{ model_id: string; model_version: string; first: string | number; last_end: string | number; period_end: string | number }>()) {
      const period = this.parts.rollingReferenceMs(row.model_id);
      if (period <= 0) continue;
      const lastEnd = Number(row.last_end);
      // An uploaded reference has no period: roll once a period of traffic has closed.
      const since = Math.max(Number(row.period_end), Number(row.first));
      if (lastEnd - since < period) continue;
      if (await this.build(row.model_id, row.model_version, lastEnd - period, lastEnd, 'rolling')) built += 1;
    }
    return built;
  }

  /**
   * Texts (strings of more than MAX_CATEGORY_LENGTH characters) are read as their lengths alone
   * (lengthUTF8 counts code points, as textLength does): the fit needs nothing else, and 200,000
   * rows of 5,000-character tickets would be a gigabyte of JSON.
   */
  private async build(modelId: string, modelVersion: string, fromMs: number, toMs: number, source: 'window' | 'rolling'): Promise<boolean> {
    const result = await this.parts.warehouse.client.query({
      query: `SELECT e.numeric_features,
                     mapFilter((k, v) -> lengthUTF8(v) <= {maxCategory:UInt32}, e.categorical_features) AS categorical_features,
                     mapApply((k, v) -> (k, toUInt32(lengthUTF8(v))), mapFilter((k, v) -> lengthUTF8(v) > {maxCategory:UInt32}, e.categorical_features)) AS text_lengths,
                     e.missing_features, e.prediction_value, e.prediction_label, e.scores, e.attributions,
                     o.labelled, o.label_value, o.label_class
              FROM (SELECT * FROM inference_events FINAL
                    WHERE model_id = {model:String} AND model_version = {version:String}
                      AND timestamp >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND timestamp < fromUnixTimestamp64Milli({to:Int64}, 'UTC')
                    ORDER BY timestamp, event_id LIMIT {limit:UInt32}) AS e
              LEFT JOIN (SELECT prediction_id, 1 AS labelled, any(label_value) AS label_value, any(label_class) AS label_class
                         FROM joined_outcomes FINAL
                         WHERE model_id = {model:String} AND model_version = {version:String}
                           AND prediction_timestamp >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND prediction_timestamp < fromUnixTimestamp64Milli({to:Int64}, 'UTC')
                         GROUP BY prediction_id) AS o ON e.prediction_id = o.prediction_id`,
      query_params: { model: modelId, version: modelVersion, from: fromMs, to: toMs, limit: MAX_REFERENCE_ROWS, maxCategory: MAX_CATEGORY_LENGTH },
      format: 'JSONEachRow',
    });
    const rows: ReferenceRow[] = (await result.json<Row>()).map((r) => {
      const labelled = Number(r.labelled) === 1;
      const texts = Object.keys(r.text_lengths);
      const textLengths: Record<string, number> = {};
      for (const name of texts) setOwn(textLengths, name, Number(r.text_lengths[name]));
      return {
        // An event holds each name once: a text's name is in neither numeric_features nor missing_features.
        numeric: numericWithMissing(r.numeric_features, r.categorical_features, r.missing_features),
        categorical: r.categorical_features,
        ...(texts.length > 0 ? { textLengths } : {}),
        predictionValue: r.prediction_value,
        predictionLabel: r.prediction_label,
        scores: r.scores,
        attributions: r.attributions,
        ...(labelled ? { labelValue: r.label_value, labelClass: r.label_class } : {}),
      };
    });
    if (rows.length === 0) return false;
    const profile = fitReferenceProfile({ modelId, modelVersion, rows, source, period: { fromMs, toMs }, createdAtMs: Date.now() });
    // Uploaded (or fitted by another process) since the pass began: that one is the version's reference.
    if (source === 'window' && (await this.parts.store.has(modelId, modelVersion))) return false;
    await this.parts.store.save(profile);
    this.parts.cache.invalidate(modelId, modelVersion);
    this.parts.log.info(source === 'window' ? 'reference profile fitted on the first traffic of a model version' : 'rolling reference profile refitted on the previous period', {
      model: modelId, version: modelVersion, rows: rows.length, from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString(),
    });
    return true;
  }
}
