import { DetectorOptionsError } from './detector-options-error.ts';

/**
 * Reads a stored detector snapshot defensively: snapshots come back from storage, so a wrong type,
 * an unknown layout version or a damaged field is refused with a message, never half-restored.
 */
export function readSnapshot(json: unknown, type: string, version: number): { options: unknown; state: StateReader } {
  if (typeof json !== 'object' || json === null) {
    throw new DetectorOptionsError(type, ['a snapshot must be the object that toJSON() returned']);
  }
  const snapshot = json as Record<string, unknown>;
  if (snapshot.type !== type) {
    throw new DetectorOptionsError(type, [`the snapshot is of type ${JSON.stringify(snapshot.type)}; restore it with restoreDetector() or that type's fromJSON()`]);
  }
  if (snapshot.version !== version) {
    throw new DetectorOptionsError(type, [
      `snapshot layout version ${JSON.stringify(snapshot.version)} is not readable by this release (it reads version ${version}); start a new detector`,
    ]);
  }
  const state = snapshot.state;
  if (typeof state !== 'object' || state === null) {
    throw new DetectorOptionsError(type, ['the snapshot has no state object']);
  }
  return { options: snapshot.options, state: new StateReader(type, state as Record<string, unknown>) };
}

/** Typed access to a snapshot's state fields; each accessor throws on a missing or damaged field. */
export class StateReader {
  constructor(
    private readonly detector: string,
    private readonly state: Record<string, unknown>,
  ) {}

  number(key: string): number {
    const value = this.state[key];
    if (typeof value !== 'number' || !Number.isFinite(value)) this.fail(key, 'a finite number');
    return value as number;
  }

  count(key: string): number {
    const value = this.number(key);
    if (!Number.isSafeInteger(value) || value < 0) this.fail(key, 'an integer >= 0');
    return value;
  }

  numberOrNull(key: string): number | null {
    return this.state[key] === null ? null : this.number(key);
  }

  boolean(key: string): boolean {
    const value = this.state[key];
    if (typeof value !== 'boolean') this.fail(key, 'a boolean');
    return value as boolean;
  }

  numbers(key: string): number[] {
    const value = this.state[key];
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      this.fail(key, 'an array of finite numbers');
    }
    return [...(value as number[])];
  }

  /** An array of arrays of finite numbers (ADWIN's bucket rows). */
  numberRows(key: string): number[][] {
    const value = this.state[key];
    if (!Array.isArray(value) || !value.every((row) => Array.isArray(row) && row.every((v) => typeof v === 'number' && Number.isFinite(v)))) {
      this.fail(key, 'an array of arrays of finite numbers');
    }
    return (value as number[][]).map((row) => [...row]);
  }

  private fail(key: string, what: string): never {
    throw new DetectorOptionsError(this.detector, [`snapshot state.${key} must be ${what}; store the detector again with toJSON()`]);
  }
}
