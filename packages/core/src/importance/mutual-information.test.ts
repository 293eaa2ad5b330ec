import { describe, expect, it } from 'vitest';
import { expectClose, mutualInformationCases } from '../../../../test/golden/importance/golden.ts';
import { ContingencyTable } from './contingency-table.ts';
import { mutualInformation, normalizedMutualInformation } from './mutual-information.ts';

/** MI near 0 is a sum of terms that cancel: allow 1e-15 absolute there. */
const MI_TOLERANCE = { relative: 1e-9, absolute: 1e-15 };

describe('mutual information against sklearn.metrics (mutual_info_score, normalized_mutual_info_score)', () => {
  for (const c of mutualInformationCases()) {
    it(c.name, () => {
      const t = new ContingencyTable(c.bins);
      for (const [bin, label, count] of c.cells) t.add(bin, label, count);
      expect(t.total).toBe(c.rows);
      expectClose(mutualInformation(t), c.expected.mi, 'MI', MI_TOLERANCE);
      expectClose(normalizedMutualInformation(t), c.expected.nmi, 'NMI', MI_TOLERANCE);
    });
  }
});

describe('mutual information behaviour', () => {
  it('is ln 2 for a binary feature that determines a balanced binary class, and NMI 1', () => {
    const t = new ContingencyTable(2);
    t.add(0, 'ok', 50);
    t.add(1, 'error', 50);
    expect(mutualInformation(t)).toBeCloseTo(Math.LN2, 14);
    expect(normalizedMutualInformation(t)).toBeCloseTo(1, 14);
  });

  it('does not depend on empty bins or on merging', () => {
    const a = new ContingencyTable(10);
    const b = new ContingencyTable(10);
    a.add(3, 'x', 7);
    a.add(8, 'y', 2);
    b.add(3, 'y', 4);
    b.add(8, 'x', 5);
    const merged = ContingencyTable.merge(a, b);
    const compact = new ContingencyTable(2);
    compact.add(0, 'x', 7);
    compact.add(1, 'y', 2);
    compact.add(0, 'y', 4);
    compact.add(1, 'x', 5);
    expect(mutualInformation(merged)).toBe(mutualInformation(compact));
    expect(normalizedMutualInformation(merged)).toBe(normalizedMutualInformation(compact));
  });

  it('is 0 for an empty table (sklearn raises), NMI 1 (as sklearn on empty labels)', () => {
    const t = new ContingencyTable(3);
    expect(mutualInformation(t)).toBe(0);
    expect(normalizedMutualInformation(t)).toBe(1);
  });
});
