import type { InferenceRecord } from '../events/inference-event.ts';
import { setOwn } from '../events/own-property.ts';
import type { ReferenceRow } from './reference-profile.ts';

/**
 * An inference event as a reference row. Empty scores and attributions are left out: "not
 * sent", not "sent empty".
 */
export function referenceRowFromInference(record: InferenceRecord): ReferenceRow {
  return {
    numeric: numericWithMissing(record.numericFeatures, record.categoricalFeatures, record.missingFeatures),
    categorical: { ...record.categoricalFeatures },
    predictionValue: record.predictionValue,
    predictionLabel: record.predictionLabel,
    ...(Object.keys(record.scores).length > 0 ? { scores: { ...record.scores } } : {}),
    ...(Object.keys(record.attributions).length > 0 ? { attributions: { ...record.attributions } } : {}),
  };
}

/**
 * The `numeric` side of a reference row from an event's split features. A feature the event sent
 * as null is stored in neither split; it becomes a null entry, so it counts as missing (fitting
 * treats a feature absent from a row as missing anyway; the entry keeps the name known when no
 * row has a value). Spread and setOwn keep every name, `__proto__` too.
 */
export function numericWithMissing(
  numeric: Readonly<Record<string, number>>,
  categorical: Readonly<Record<string, string>>,
  missing: readonly string[],
): Record<string, number | null> {
  const out: Record<string, number | null> = { ...numeric };
  for (const name of missing) if (!Object.hasOwn(out, name) && !Object.hasOwn(categorical, name)) setOwn(out, name, null);
  return out;
}

/** The outcome of a row's prediction (a ground-truth record or a joined outcome fits). */
export interface RowLabel {
  readonly labelValue: number | null;
  readonly labelClass: string | null;
}

/** The row with its label set; the row itself is not changed. */
export function withLabel(row: ReferenceRow, label: RowLabel): ReferenceRow {
  return { ...row, labelValue: label.labelValue, labelClass: label.labelClass };
}
