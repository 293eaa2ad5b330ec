import { seededRandom, type SeededRandom } from '../drift/seeded-random.ts';

/** Lognormal draws (Box–Muller), deterministic for a seed: a latency-like long tail. */
export function lognormal(random: SeededRandom, mu: number, sigma: number): number {
  const u = 1 - random.next();
  const v = random.next();
  return Math.exp(mu + sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
}

/** Splits items into `parts` random (possibly empty) parts, keeping no order. */
export function randomSplit<T>(random: SeededRandom, items: readonly T[], parts: number): T[][] {
  const out: T[][] = Array.from({ length: parts }, () => []);
  for (const item of items) out[random.nextInt(parts)]!.push(item);
  return out;
}

export { seededRandom };
