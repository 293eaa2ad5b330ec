import type { InferenceRecord } from '../events/inference-event.ts';
import type { ReferenceRow } from './reference-profile.ts';

/**
 * An inference event as a reference row. A feature the event sent as null is stored in neither
 * split; it becomes a null `numeric` entry, so it counts as missing (fitting treats a feature
 * absent from a row as missing anyway; the entry keeps the name known when no row has a value).
 * Empty scores and attributions are left out: "not sent", not "sent empty".
 */
export function referenceRowFromInference(record: InferenceRecord): ReferenceRow {
  const numeric: Record<string, number | null> = { ...record.numericFeatures };
  for (const name of record.missingFeatures) {
    if (!(name in numeric) && !(name in record.categoricalFeatures)) numeric[name] = null;
  }
  return {
    numeric,
    categorical: { ...record.categoricalFeatures },
    predictionValue: record.predictionValue,
    predictionLabel: record.predictionLabel,
    ...(Object.keys(record.scores).length > 0 ? { scores: { ...record.scores } } : {}),
    ...(Object.keys(record.attributions).length > 0 ? { attributions: { ...record.attributions } } : {}),
  };
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
