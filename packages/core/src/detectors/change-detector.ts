/**
 * A streaming change detector: fed one value at a time, it says whether the stream's
 * distribution has just changed. Detectors follow River's semantics (`river.drift`):
 * `update` returns the detector, `driftDetected` is true after the update that found a change,
 * and the detector forgets its state at the start of the next update (a lazy reset), so a
 * caller can read the flags after every update.
 *
 * The state is a small plain object: `toJSON()` gives a snapshot that survives
 * `JSON.stringify`/`JSON.parse`, and the class's static `fromJSON` (or `restoreDetector` in
 * the registry) continues the stream exactly where it stopped.
 */
export interface ChangeDetector {
  /** The registry name of the detector type ('ddm', 'adwin', ...). */
  readonly type: string;
  /** True after the update that detected a change; cleared by the next update. */
  readonly driftDetected: boolean;
  update(x: number): this;
  toJSON(): DetectorSnapshot;
}

/** A detector with a warning zone (DDM, EDDM): a change that may be starting. */
export interface WarningChangeDetector extends ChangeDetector {
  /**
   * True while the detector is in its warning zone. DDM clears it on the update that signals a
   * drift; EDDM, as River does, leaves it as it was (a warning can be on with the drift).
   */
  readonly warningDetected: boolean;
}

/** Whether a detector has a warning zone. ADWIN and Page-Hinkley have none. */
export function hasWarningZone(detector: ChangeDetector): detector is WarningChangeDetector {
  return 'warningDetected' in detector;
}

/**
 * A detector's stored form. `version` is the state layout's version, so that a snapshot stored
 * by an older release is refused (not misread) after the layout changes.
 */
export interface DetectorSnapshot<Type extends string = string, Options = object, State = object> {
  readonly type: Type;
  readonly version: number;
  readonly options: Options;
  readonly state: State;
}
