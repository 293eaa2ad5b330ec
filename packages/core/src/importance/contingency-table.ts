import { ImportanceInputError } from './importance-input-error.ts';
import { compareNames } from './importance-map.ts';

export interface ContingencyTableJSON {
  readonly version: 1;
  /** Number of feature bins (rows). */
  readonly bins: number;
  /** One column per class, sorted by label (code units); `counts[b]` is the count in bin b. */
  readonly classes: readonly { readonly label: string; readonly counts: readonly number[] }[];
}

/**
 * Counts of one feature's bins × the classes of a target (the label, or an error indicator such
 * as `'error'` / `'ok'`), as mergeable window state. The bins are indices the caller provides:
 * the drift profile's bin indices (`numericBinIndex`, a category's position), including any
 * missing-value or "other" bin the caller keeps, in `0..bins-1`. Classes are strings and appear
 * as they are seen. Counts are integers, so merged tables equal one table over all rows.
 */
export class ContingencyTable {
  private readonly columns = new Map<string, number[]>();
  private n = 0;

  constructor(readonly bins: number) {
    if (!Number.isSafeInteger(bins) || bins < 1) throw new ImportanceInputError(`bins must be a positive integer, got ${String(bins)}`);
  }

  /** Rows counted. */
  get total(): number {
    return this.n;
  }

  /** Class labels seen, sorted by code unit. */
  get classes(): string[] {
    return [...this.columns.keys()].sort(compareNames);
  }

  /** Counts `count` rows (default 1) of class `label` in bin `bin`. */
  add(bin: number, label: string, count = 1): void {
    if (!Number.isSafeInteger(bin) || bin < 0 || bin >= this.bins) throw new ImportanceInputError(`bin must be an integer in 0..${this.bins - 1}, got ${String(bin)}`);
    if (typeof label !== 'string') throw new ImportanceInputError(`class label must be a string, got ${typeof label}`);
    if (!Number.isSafeInteger(count) || count < 0) throw new ImportanceInputError(`count must be a non-negative integer, got ${String(count)}`);
    if (count === 0) return;
    const column = this.column(label);
    column[bin] = (column[bin] as number) + count;
    this.n += count;
  }

  /** The count of class `label` in bin `bin` (0 if never seen). */
  count(bin: number, label: string): number {
    return this.columns.get(label)?.[bin] ?? 0;
  }

  /** The table as rows (bins) × columns (`classes` order). */
  matrix(): number[][] {
    const labels = this.classes;
    return Array.from({ length: this.bins }, (_, b) => labels.map((l) => (this.columns.get(l) as number[])[b] as number));
  }

  static merge(a: ContingencyTable, b: ContingencyTable): ContingencyTable {
    if (a.bins !== b.bins) throw new ImportanceInputError(`cannot merge tables with ${a.bins} and ${b.bins} bins`);
    const out = new ContingencyTable(a.bins);
    for (const from of [a, b]) {
      for (const [label, counts] of from.columns) {
        const column = out.column(label);
        counts.forEach((c, i) => (column[i] = (column[i] as number) + c));
      }
      out.n += from.n;
    }
    return out;
  }

  toJSON(): ContingencyTableJSON {
    return { version: 1, bins: this.bins, classes: this.classes.map((label) => ({ label, counts: [...(this.columns.get(label) as number[])] })) };
  }

  static fromJSON(json: unknown): ContingencyTable {
    const j = json as Partial<ContingencyTableJSON> | null;
    if (typeof j !== 'object' || j === null || j.version !== 1) throw new ImportanceInputError('contingency table must be an object with version 1');
    const out = new ContingencyTable(j.bins as number);
    if (!Array.isArray(j.classes)) throw new ImportanceInputError('contingency table classes must be an array');
    for (const c of j.classes as unknown[]) {
      const e = c as { label?: unknown; counts?: unknown } | null;
      if (typeof e !== 'object' || e === null || typeof e.label !== 'string') throw new ImportanceInputError('each class must be an object with a string label');
      if (out.columns.has(e.label)) throw new ImportanceInputError(`class ${JSON.stringify(e.label)} appears twice`);
      if (!Array.isArray(e.counts) || e.counts.length !== out.bins) throw new ImportanceInputError(`counts of class ${JSON.stringify(e.label)} must have ${out.bins} entries`);
      const column = out.column(e.label);
      (e.counts as unknown[]).forEach((v, i) => {
        if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new ImportanceInputError(`counts of class ${JSON.stringify(e.label)} must be non-negative integers`);
        column[i] = v;
        out.n += v;
      });
    }
    return out;
  }

  private column(label: string): number[] {
    let column = this.columns.get(label);
    if (column === undefined) {
      column = new Array<number>(this.bins).fill(0);
      this.columns.set(label, column);
    }
    return column;
  }
}
