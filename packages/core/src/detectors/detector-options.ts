import { DetectorOptionsError } from './detector-options-error.ts';

/** Checks one option's value: undefined when it is fine, else what it must be. */
export type OptionCheck = (value: unknown) => string | undefined;

export type OptionChecks<Options> = { readonly [K in keyof Options]-?: OptionCheck };

/**
 * Fills in defaults and checks every option, reporting all problems at once. Options come from
 * typed callers and from configuration files alike, so unknown keys are refused too (a typo in a
 * config file must not silently fall back to a default).
 */
export function resolveOptions<Options extends object>(
  detector: string,
  defaults: Options,
  checks: OptionChecks<Options>,
  given: unknown,
  crossCheck: (options: Options) => readonly string[] = () => [],
): Options {
  if (given === undefined) return { ...defaults };
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    throw new DetectorOptionsError(detector, [`options must be an object such as ${JSON.stringify(defaults)}`]);
  }
  const problems: string[] = [];
  const known = Object.keys(defaults);
  for (const key of Object.keys(given)) {
    if (!known.includes(key)) problems.push(`unknown option '${key}' (known: ${known.join(', ')})`);
  }
  const resolved: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (const [key, check] of Object.entries(checks) as [string, OptionCheck][]) {
    const value = (given as Record<string, unknown>)[key];
    if (value === undefined) continue;
    const problem = check(value);
    if (problem) problems.push(`${key} ${problem} (got ${JSON.stringify(value)})`);
    else resolved[key] = value;
  }
  if (problems.length === 0) problems.push(...crossCheck(resolved as Options));
  if (problems.length > 0) throw new DetectorOptionsError(detector, problems);
  return resolved as Options;
}

export function integerAtLeast(min: number): OptionCheck {
  return (value) => (Number.isSafeInteger(value) && (value as number) >= min ? undefined : `must be an integer >= ${min}`);
}

export function positiveNumber(): OptionCheck {
  return (value) => (isFiniteNumber(value) && value > 0 ? undefined : 'must be a number > 0');
}

export function nonNegativeNumber(): OptionCheck {
  return (value) => (isFiniteNumber(value) && value >= 0 ? undefined : 'must be a number >= 0');
}

/** A number in (low, high), or (low, high] when `highIncluded`. */
export function numberBetween(low: number, high: number, highIncluded = false): OptionCheck {
  const upper = highIncluded ? ']' : ')';
  return (value) =>
    isFiniteNumber(value) && value > low && (highIncluded ? value <= high : value < high)
      ? undefined
      : `must be a number in (${low}, ${high}${upper}`;
}

export function oneOf(values: readonly string[]): OptionCheck {
  return (value) => (typeof value === 'string' && values.includes(value) ? undefined : `must be one of ${values.map((v) => `'${v}'`).join(', ')}`);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
