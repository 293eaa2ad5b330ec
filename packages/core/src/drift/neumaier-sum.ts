/**
 * Compensated (Neumaier) summation: the error stays near one rounding of the total instead of
 * growing with the number of terms, so sums over 10^6 bins or samples keep 1e-15 relative accuracy.
 */
export class NeumaierSum {
  private sum = 0;
  private compensation = 0;

  add(value: number): void {
    const t = this.sum + value;
    if (Math.abs(this.sum) >= Math.abs(value)) this.compensation += this.sum - t + value;
    else this.compensation += value - t + this.sum;
    this.sum = t;
  }

  get value(): number {
    return this.sum + this.compensation;
  }
}
