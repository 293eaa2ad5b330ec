import type { DetectorSnapshot, WarningChangeDetector } from './change-detector.ts';
import { integerAtLeast, positiveNumber, resolveOptions, type OptionChecks } from './detector-options.ts';
import { readSnapshot } from './snapshot-reader.ts';
import { errorBit } from './update-input.ts';

export interface DdmOptions {
  /** Items seen before any warning or drift; also when p_min and s_min start being tracked. */
  readonly warmStart: number;
  /** Warning when p + s > p_min + warningThreshold * s_min (2: about 95% confidence). */
  readonly warningThreshold: number;
  /** Drift when p + s > p_min + driftThreshold * s_min (3: about 99% confidence). */
  readonly driftThreshold: number;
}

export interface DdmState {
  readonly n: number;
  readonly p: number;
  /** p and s where p + s was smallest after the warm start; null before it. */
  readonly pMin: number | null;
  readonly sMin: number | null;
  readonly driftDetected: boolean;
  readonly warningDetected: boolean;
}

export type DdmSnapshot = DetectorSnapshot<'ddm', DdmOptions, DdmState>;

const STATE_VERSION = 1;

/**
 * DDM, the Drift Detection Method (Gama, Medas, Castillo, Rodrigues: "Learning with Drift
 * Detection", SBIA 2004), on a stream of error bits (1 = the model was wrong).
 *
 * It tracks the error rate p and its binomial standard deviation s = sqrt(p(1-p)/n), remembers
 * p_min and s_min where p + s was lowest, and signals a warning, then a drift, when p + s rises
 * past p_min + 2 s_min, then p_min + 3 s_min. It detects increases of the error rate only.
 *
 * Follows `river.drift.binary.DDM` (River 0.26.1) operation for operation, so it signals on the
 * same items: strict `>` comparisons, the running mean updated as River's `stats.Mean`, and the
 * state dropped at the start of the update after a drift. Memory is constant.
 *
 * At low error rates the default warm start of 30 (the paper's and River's) fixes p_min from a
 * handful of errors, and the detector then alarms on stationary streams: on 4000 items at a 10%
 * error rate River's DDM alarmed on 43 of 100 streams. A warm start near 1000 avoids most of that
 * (see scripts/golden/detectors/make_detector_fixtures.py --study).
 */
export class DDM implements WarningChangeDetector {
  static readonly type = 'ddm';
  static readonly defaults: DdmOptions = { warmStart: 30, warningThreshold: 2, driftThreshold: 3 };
  private static readonly checks: OptionChecks<DdmOptions> = {
    warmStart: integerAtLeast(0),
    warningThreshold: positiveNumber(),
    driftThreshold: positiveNumber(),
  };

  readonly type = DDM.type;
  readonly options: DdmOptions;
  private n = 0;
  private p = 0;
  private pMin: number | null = null;
  private sMin: number | null = null;
  private drift = false;
  private warning = false;

  constructor(options?: Partial<DdmOptions>) {
    this.options = resolveOptions(DDM.type, DDM.defaults, DDM.checks, options, (o) =>
      o.driftThreshold >= o.warningThreshold ? [] : ['driftThreshold must be >= warningThreshold, or the warning zone is never entered'],
    );
  }

  get driftDetected(): boolean {
    return this.drift;
  }

  get warningDetected(): boolean {
    return this.warning;
  }

  /** The error rate since the last reset. */
  get errorRate(): number {
    return this.p;
  }

  update(x: number | boolean): this {
    const bit = errorBit(DDM.type, x);
    if (this.drift) this.reset();

    this.n += 1;
    // River's stats.Mean: mean += (w / n) * (x - mean). The same operations give the same doubles.
    this.p += (1 / this.n) * (bit - this.p);
    const s = Math.sqrt((this.p * (1 - this.p)) / this.n);

    if (this.n > this.options.warmStart) {
      if (this.pMin === null || this.sMin === null || this.p + s <= this.pMin + this.sMin) {
        this.pMin = this.p;
        this.sMin = s;
      }
      this.warning = this.p + s > this.pMin + this.options.warningThreshold * this.sMin;
      if (this.p + s > this.pMin + this.options.driftThreshold * this.sMin) {
        this.drift = true;
        this.warning = false;
      }
    }
    return this;
  }

  toJSON(): DdmSnapshot {
    return {
      type: DDM.type,
      version: STATE_VERSION,
      options: { ...this.options },
      state: { n: this.n, p: this.p, pMin: this.pMin, sMin: this.sMin, driftDetected: this.drift, warningDetected: this.warning },
    };
  }

  static fromJSON(json: unknown): DDM {
    const { options, state } = readSnapshot(json, DDM.type, STATE_VERSION);
    const ddm = new DDM(options as Partial<DdmOptions>);
    ddm.n = state.count('n');
    ddm.p = state.number('p');
    ddm.pMin = state.numberOrNull('pMin');
    ddm.sMin = state.numberOrNull('sMin');
    ddm.drift = state.boolean('driftDetected');
    ddm.warning = state.boolean('warningDetected');
    return ddm;
  }

  private reset(): void {
    this.n = 0;
    this.p = 0;
    this.pMin = null;
    this.sMin = null;
    this.drift = false;
    this.warning = false;
  }
}
