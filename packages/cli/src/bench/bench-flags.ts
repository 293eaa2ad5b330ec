/** `--name=value` flags of `npm run bench`; a bad value throws a RangeError naming the flag. */
export class BenchFlags {
  constructor(private readonly args: readonly string[]) {}

  has(name: string): boolean {
    return this.args.includes(`--${name}`);
  }

  raw(name: string): string | undefined {
    return this.args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  }

  number(name: string, fallback: number): number {
    const text = this.raw(name);
    if (text === undefined) return fallback;
    const value = Number(text);
    if (text === '' || !Number.isFinite(value) || value < 0) throw new RangeError(`--${name}=${text}: give a number of at least 0`);
    return value;
  }

  /** A comma-separated list of whole numbers, e.g. --monitor-models=1000,3000,10000. */
  list(name: string, fallback: readonly number[]): number[] {
    const text = this.raw(name);
    if (text === undefined) return [...fallback];
    const values = text.split(',').map(Number);
    if (values.length === 0 || values.some((v) => !Number.isInteger(v) || v < 1)) throw new RangeError(`--${name}=${text}: give whole numbers of at least 1, separated by commas`);
    return values;
  }
}
