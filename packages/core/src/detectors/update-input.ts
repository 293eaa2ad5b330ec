/**
 * Input checks for `update(x)`. A NaN or a non-bit would corrupt a detector's running sums for
 * the rest of the stream (River accepts them silently), so they are refused as programmer errors.
 */
export function errorBit(detector: string, x: number | boolean): 0 | 1 {
  if (x === 0 || x === 1) return x;
  if (typeof x === 'boolean') return x ? 1 : 0;
  throw new RangeError(`${detector}.update(x) takes an error bit: 1 (or true) for an error, 0 (or false) for a correct prediction; got ${String(x)}`);
}

export function finiteNumber(detector: string, x: number): number {
  if (typeof x === 'number' && Number.isFinite(x)) return x;
  throw new RangeError(`${detector}.update(x) takes a finite number; got ${String(x)}`);
}
