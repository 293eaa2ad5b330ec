import { readGoldenAt } from '../golden-assertions.ts';

export { expectClose, GOLDEN, type Tolerance } from '../golden-assertions.ts';

/** Reads a fixture written by scripts/golden/make_drift_fixtures.py (NumPy, SciPy, statsmodels). */
export function readGolden<T>(name: string): T {
  return readGoldenAt<T>(new URL(name, import.meta.url));
}
