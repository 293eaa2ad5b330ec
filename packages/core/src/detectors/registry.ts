import { ADWIN } from './adwin.ts';
import type { ChangeDetector } from './change-detector.ts';
import { DDM } from './ddm.ts';
import { DetectorOptionsError } from './detector-options-error.ts';
import { EDDM } from './eddm.ts';
import { PageHinkley } from './page-hinkley.ts';

/**
 * Every detector type by its stable name, the name configuration and stored snapshots use.
 * A name, once released, never changes meaning: a new algorithm gets a new name.
 */
export const DETECTORS = {
  [DDM.type]: DDM,
  [EDDM.type]: EDDM,
  [ADWIN.type]: ADWIN,
  [PageHinkley.type]: PageHinkley,
} as const;

export type DetectorType = keyof typeof DETECTORS;

/** Options of each detector type, for configuration. */
export type DetectorOptions<T extends DetectorType> = NonNullable<ConstructorParameters<(typeof DETECTORS)[T]>[0]>;

export function isDetectorType(name: unknown): name is DetectorType {
  return typeof name === 'string' && Object.hasOwn(DETECTORS, name);
}

/**
 * A new detector from configuration: a type name and its options (checked; unknown keys are
 * refused). Throws DetectorOptionsError naming the known types for an unknown one.
 */
export function createDetector(type: string, options?: unknown): ChangeDetector {
  if (!isDetectorType(type)) throw unknownType(type);
  return new DETECTORS[type](options as never);
}

/** A detector from any `toJSON()` snapshot, whatever its type. */
export function restoreDetector(snapshot: unknown): ChangeDetector {
  const type = typeof snapshot === 'object' && snapshot !== null ? (snapshot as { type?: unknown }).type : undefined;
  if (!isDetectorType(type)) throw unknownType(String(type));
  return DETECTORS[type].fromJSON(snapshot);
}

function unknownType(type: string): DetectorOptionsError {
  return new DetectorOptionsError(type, [`unknown detector type; known types: ${Object.keys(DETECTORS).join(', ')}`]);
}
