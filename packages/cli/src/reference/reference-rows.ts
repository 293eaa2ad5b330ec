import type { ReferenceRow } from '@modelwatch/core';
import type { ColumnRoles, KeyedColumn } from './column-roles.ts';
import { ReferenceFileError } from './reference-file-error.ts';
import { MAX_CLASS_LENGTH, type ValueColumn } from './value-column.ts';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Turns decoded columns into one ReferenceRow per row. A numeric prediction (or label) is a
 * value, a categorical one a class name, as in events. A row only has the keys its file has
 * columns for, and a missing score or attribution is left out of that row's map.
 */
export function referenceRows(path: string, roles: ColumnRoles, columns: readonly ValueColumn[], rowCount: number): ReferenceRow[] {
  const byName = new Map(columns.map((column) => [column.name, column]));
  const column = (name: string) => byName.get(name)!;
  const features = roles.features.map(column);
  const prediction = roles.prediction === undefined ? undefined : column(roles.prediction);
  const label = roles.label === undefined ? undefined : column(roles.label);
  for (const classes of [prediction, label]) if (classes?.kind === 'categorical') checkClassNames(path, classes);
  const scores = roles.scores.map((keyed) => numericKeyed(path, keyed, column(keyed.column), 'a score'));
  const attributions = roles.attributions.map((keyed) => numericKeyed(path, keyed, column(keyed.column), 'an attribution'));

  const rows: ReferenceRow[] = new Array(rowCount);
  for (let i = 0; i < rowCount; i++) {
    const numeric: Record<string, number | null> = {};
    const categorical: Record<string, string | null> = {};
    for (const feature of features) {
      if (feature.kind === 'numeric') numeric[feature.name] = feature.values[i]!;
      else categorical[feature.name] = feature.values[i]!;
    }
    const row: Mutable<ReferenceRow> = { numeric, categorical };
    if (prediction?.kind === 'numeric') row.predictionValue = prediction.values[i]!;
    else if (prediction) row.predictionLabel = prediction.values[i]!;
    if (label?.kind === 'numeric') row.labelValue = label.values[i]!;
    else if (label) row.labelClass = label.values[i]!;
    if (scores.length > 0) {
      row.scores = keyedMap(scores, i, (value, column) => {
        // Events refuse scores outside [0, 1]; a reference that had them would never match traffic.
        if (value < 0 || value > 1) throw new ReferenceFileError(path, `row ${i + 1}, column "${column}": score ${value} is not between 0 and 1`);
      });
    }
    if (attributions.length > 0) row.attributions = keyedMap(attributions, i);
    rows[i] = row;
  }
  return rows;
}

/** Events refuse a prediction longer than MAX_CLASS_LENGTH: a reference class that long would never match traffic. */
function checkClassNames(path: string, column: Extract<ValueColumn, { kind: 'categorical' }>): void {
  const row = column.values.findIndex((v) => v !== null && v.length > MAX_CLASS_LENGTH);
  if (row < 0) return;
  const length = (column.values[row] as string).length;
  throw new ReferenceFileError(
    path,
    `row ${row + 1}, column "${column.name}": a class of ${length} characters is longer than the ${MAX_CLASS_LENGTH} events accept for a prediction or a label ` +
      `(a free-text column is a feature: name the prediction or label column with --prediction-column or --label-column)`,
  );
}

interface NumericKeyed {
  readonly column: string;
  readonly key: string;
  readonly values: ReadonlyArray<number | null>;
}

function numericKeyed(path: string, keyed: KeyedColumn, column: ValueColumn, what: string): NumericKeyed {
  if (column.kind !== 'numeric') throw new ReferenceFileError(path, `column "${keyed.column}" is read as ${what} (by its name) but holds text; it must hold numbers`);
  return { column: keyed.column, key: keyed.key, values: column.values };
}

function keyedMap(columns: readonly NumericKeyed[], row: number, check?: (value: number, column: string) => void): Record<string, number> {
  const map: Record<string, number> = {};
  for (const { column, key, values } of columns) {
    const value = values[row];
    if (value === null || value === undefined) continue;
    check?.(value, column);
    map[key] = value;
  }
  return map;
}
