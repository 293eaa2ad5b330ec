/**
 * What the scheduled checks (no_data, labels_overdue) know of one model, computed by the caller
 * with one ClickHouse query over `inference_events` and `joined_outcomes` (all per model_id):
 *
 * ```sql
 * WITH labelled AS (SELECT model_id, max(prediction_timestamp) AS newest_labelled, max(joined_at) AS last_label_at
 *                   FROM joined_outcomes GROUP BY model_id)
 * SELECT i.model_id, max(i.ingested_at) AS last_event_at, any(l.last_label_at) AS last_label_at,
 *        minIf(i.timestamp, i.timestamp > l.newest_labelled) AS oldest_unlabelled_at,   -- NULL-able
 *        count(l.model_id) > 0 AS ever_labelled
 * FROM inference_events AS i LEFT JOIN labelled AS l USING model_id GROUP BY i.model_id
 * ```
 */
export interface ModelActivity {
  readonly modelId: string;
  /** When modelwatch last received an inference event of the model (ingestion time, epoch ms); null if never. */
  readonly lastEventAt: number | null;
  /** When a label of the model was last joined to its prediction (epoch ms); null if never. Shown in annotations. */
  readonly lastLabelAt: number | null;
  /**
   * Event time of the oldest prediction made after the newest labelled prediction, i.e. the
   * oldest prediction that labels have not reached yet; null when there is none. Predictions
   * older than the newest labelled one are not looked at: some predictions are never labelled,
   * and they must not keep the alert firing forever.
   */
  readonly oldestUnlabelledAt: number | null;
  /** The model has had at least one label joined: models that are never labelled are never overdue. */
  readonly everLabelled: boolean;
}
