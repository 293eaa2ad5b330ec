/** A compensated sum as plain JSON: the running sum and its Neumaier correction. */
export interface CompensatedSumJSON {
  readonly sum: number;
  readonly compensation: number;
}

/**
 * A Neumaier (compensated) sum that can be merged and stored: its error stays near one rounding
 * of the total instead of growing with the number of terms, and adding another sum's value and
 * correction keeps that accuracy, so a merged window's sum matches the sum over all its rows to
 * about 1e-16 relative (not bit for bit: the order of additions differs).
 */
export class CompensatedSum {
  private sum = 0;
  private compensation = 0;

  add(value: number): void {
    const t = this.sum + value;
    if (Math.abs(this.sum) >= Math.abs(value)) this.compensation += this.sum - t + value;
    else this.compensation += value - t + this.sum;
    this.sum = t;
  }

  /** Adds another sum (its total and its correction); the other is not changed. */
  addSum(other: CompensatedSum): void {
    this.add(other.sum);
    this.add(other.compensation);
  }

  get value(): number {
    return this.sum + this.compensation;
  }

  toJSON(): CompensatedSumJSON {
    return { sum: this.sum, compensation: this.compensation };
  }

  static fromJSON(json: unknown, what = 'sum'): CompensatedSum {
    const j = json as Partial<CompensatedSumJSON> | null;
    if (typeof j !== 'object' || j === null || !Number.isFinite(j.sum) || !Number.isFinite(j.compensation)) {
      throw new RangeError(`${what} must be { sum, compensation } with finite numbers`);
    }
    const s = new CompensatedSum();
    s.sum = j.sum as number;
    s.compensation = j.compensation as number;
    return s;
  }
}
