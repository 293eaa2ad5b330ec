import { RowBinaryWriter, type Warehouse } from '@modelwatch/warehouse';
import type { JoinedOutcome } from './joined-outcome.ts';

export const JOINED_OUTCOME_COLUMNS = [
  'model_id', 'model_version', 'prediction_id', 'prediction_timestamp', 'prediction_value', 'prediction_label',
  'scores', 'segments', 'label_value', 'label_class', 'label_timestamp', 'label_event_id', 'label_delay_ms', 'joined_at',
] as const;

/**
 * Stores joined outcomes in `joined_outcomes`, one RowBinary insert per batch. The table is keyed
 * on the outcome identity, so writing an outcome again (a retry, a replay, a re-join) replaces it.
 */
export class JoinedOutcomeWriter {
  constructor(private readonly warehouse: Pick<Warehouse, 'insertBinary'>) {}

  async write(outcomes: readonly JoinedOutcome[], deduplicationToken?: string): Promise<void> {
    if (outcomes.length === 0) return;
    const w = new RowBinaryWriter(outcomes.length * 160);
    for (const o of outcomes) {
      w.string(o.modelId);
      w.string(o.modelVersion);
      w.string(o.predictionId);
      w.int64(o.predictionTimestampMs);
      w.nullableFloat64(o.predictionValue);
      w.nullableString(o.predictionLabel);
      w.float64Map(o.scores);
      w.stringMap(o.segments);
      w.nullableFloat64(o.labelValue);
      w.nullableString(o.labelClass);
      w.int64(o.labelTimestampMs);
      w.string(o.labelEventId);
      w.int64(o.labelDelayMs);
      w.int64(o.joinedAtMs);
    }
    await this.warehouse.insertBinary({
      table: 'joined_outcomes',
      columns: JOINED_OUTCOME_COLUMNS,
      format: 'RowBinary',
      data: w.bytes(),
      ...(deduplicationToken === undefined ? {} : { deduplicationToken }),
    });
  }
}
