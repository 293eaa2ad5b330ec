import { describe, expect, it } from 'vitest';
import { seededRandom } from '../drift/seeded-random.ts';
import { ContingencyTable } from './contingency-table.ts';
import { ImportanceInputError } from './importance-input-error.ts';

describe('ContingencyTable', () => {
  it('counts bins × classes, classes sorted by label', () => {
    const t = new ContingencyTable(3);
    t.add(0, 'ok');
    t.add(2, 'error', 4);
    t.add(2, 'ok', 0);
    t.add(0, 'ok');
    expect(t.total).toBe(6);
    expect(t.classes).toEqual(['error', 'ok']);
    expect(t.matrix()).toEqual([[0, 2], [0, 0], [4, 0]]);
    expect(t.count(2, 'error')).toBe(4);
    expect(t.count(1, 'missing')).toBe(0);
  });

  it('merged through JSON equals one table over all rows', () => {
    const random = seededRandom(5);
    const whole = new ContingencyTable(7);
    const parts = Array.from({ length: 5 }, () => new ContingencyTable(7));
    for (let i = 0; i < 2000; i++) {
      const bin = random.nextInt(7);
      const label = `c${random.nextInt(3)}`;
      whole.add(bin, label);
      (parts[random.nextInt(5)] as ContingencyTable).add(bin, label);
    }
    const merged = parts.map((p) => ContingencyTable.fromJSON(JSON.parse(JSON.stringify(p)))).reduce((a, b) => ContingencyTable.merge(a, b));
    expect(merged.toJSON()).toEqual(whole.toJSON());
    expect(merged.total).toBe(2000);
  });

  it('refuses bad bins, counts, labels, merges and JSON', () => {
    expect(() => new ContingencyTable(0)).toThrow(ImportanceInputError);
    const t = new ContingencyTable(2);
    expect(() => t.add(2, 'a')).toThrow(/0\.\.1/);
    expect(() => t.add(-1, 'a')).toThrow(ImportanceInputError);
    expect(() => t.add(0.5, 'a')).toThrow(ImportanceInputError);
    expect(() => t.add(0, 'a', -1)).toThrow(/count/);
    expect(() => t.add(0, 1 as unknown as string)).toThrow(/string/);
    expect(() => ContingencyTable.merge(t, new ContingencyTable(3))).toThrow(/2 and 3 bins/);
    expect(() => ContingencyTable.fromJSON({ version: 1, bins: 2, classes: [{ label: 'a', counts: [1] }] })).toThrow(/2 entries/);
    expect(() => ContingencyTable.fromJSON({ version: 1, bins: 2, classes: [{ label: 'a', counts: [1, -1] }] })).toThrow(/non-negative/);
    expect(() => ContingencyTable.fromJSON({ version: 1, bins: 2, classes: [{ label: 'a', counts: [1, 1] }, { label: 'a', counts: [1, 1] }] })).toThrow(/twice/);
    expect(() => ContingencyTable.fromJSON({ bins: 2, classes: [] })).toThrow(/version 1/);
  });
});
