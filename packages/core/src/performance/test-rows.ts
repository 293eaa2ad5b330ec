// Test helpers shared by the performance tests (not exported from index.ts).
import type { ClassificationCase } from '../../../../test/golden/performance/golden.ts';
import type { ClassificationRow, ClassificationStateOptions } from './classification-state.ts';
import type { SeededRandom } from '../drift/seeded-random.ts';

/** The rows and state options of a golden classification case. */
export function caseRows(c: ClassificationCase): { options: ClassificationStateOptions; rows: ClassificationRow[] } {
  if (c.kind === 'binary') {
    const [negativeLabel, positiveLabel] = c.classes;
    return {
      options: { scoring: { kind: 'binary', negativeLabel, positiveLabel } },
      rows: c.actual.map((actual, i) => ({ actual, predicted: c.predicted[i] as string, score: c.scores[i] as number })),
    };
  }
  if (c.kind === 'multiclass') {
    return {
      options: { scoring: { kind: 'multiclass', classes: c.classes } },
      rows: c.actual.map((actual, i) => ({ actual, predicted: c.predicted[i] as string, scores: c.scores[i] as number[] })),
    };
  }
  return { options: {}, rows: c.actual.map((actual, i) => ({ actual, predicted: c.predicted[i] as string })) };
}

/** Splits items into `parts` random contiguous-or-shuffled groups (some may be empty). */
export function randomPartition<T>(items: readonly T[], parts: number, random: SeededRandom): T[][] {
  const groups: T[][] = Array.from({ length: parts }, () => []);
  for (const item of items) (groups[random.nextInt(parts)] as T[]).push(item);
  return groups;
}
