import type { Alert } from '@modelwatch/core';
import { RowBinaryWriter, type Warehouse } from '@modelwatch/warehouse';

const COLUMNS = [
  'fingerprint', 'rule_id', 'state', 'severity', 'model_id', 'labels', 'annotations', 'value', 'threshold',
  'window_start', 'window_end', 'starts_at', 'ends_at', 'timestamp',
] as const;

const STATE_CODE = { pending: 1, firing: 2, resolved: 3 } as const;
const SEVERITY_CODE = { info: 1, warning: 2, critical: 3 } as const;

/** Writes alert state changes to the `alerts` table: the history analysts and the Slack bot read. */
export class AlertHistory {
  constructor(private readonly warehouse: Pick<Warehouse, 'client' | 'insertBinary'>) {}

  async write(changes: readonly Alert[]): Promise<void> {
    if (changes.length === 0) return;
    const w = new RowBinaryWriter(8 * 1024);
    for (const a of changes) {
      w.string(a.fingerprint);
      w.string(a.ruleId);
      w.int8(STATE_CODE[a.state]);
      w.int8(SEVERITY_CODE[a.severity]);
      w.string(a.labels.model_id ?? '');
      w.stringMap(a.labels);
      w.stringMap(a.annotations);
      w.nullableFloat64(a.value);
      w.nullableFloat64(a.threshold);
      w.nullableInt64(a.windowStart);
      w.nullableInt64(a.windowEnd);
      w.int64(a.startsAt);
      w.nullableInt64(a.endsAt);
      w.int64(a.updatedAt);
    }
    await this.warehouse.insertBinary({ table: 'alerts', columns: COLUMNS, format: 'RowBinary', data: w.bytes() });
  }
}
