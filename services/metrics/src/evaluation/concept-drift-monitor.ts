import { createDetector, predictedClass, windowStart, type ChangeDetector, type DetectorType, type OutcomeRecord, type WindowKey } from '@modelwatch/core';
import { BoundedError } from './bounded-error.ts';

/** A detector that signalled drift on an outcome: a `concept_drift` row in the outcome's window. */
export interface ConceptDriftDetection {
  readonly key: WindowKey;
  readonly detector: DetectorType;
  /** Outcomes the detector had seen since its last reset. */
  readonly observed: number;
}

interface ModelDetectors {
  /** The newest prediction time among the outcomes fed so far: where the stream is in event time. */
  newestPredictionMs: number;
  /** Regression: absolute errors mapped into [0, 1) before they reach the detectors. */
  readonly bounded: BoundedError | null;
  readonly detectors: { readonly type: DetectorType; readonly detector: ChangeDetector; observed: number }[];
}

/**
 * Streaming change detectors on each model version's error stream, fed in the order labels are
 * joined: ADWIN on the error bits (classification) or on the absolute error mapped into [0, 1)
 * (regression, see BoundedError), whose cut adapts to the values' own variance. The others are not run by default because they alarm on
 * long stationary streams: on error bits at a 3% error rate DDM (warm start 1000) alarmed on 11 of
 * 60 streams of 20,000 items, EDDM about once per 480 items (packages/core/src/detectors/README.md),
 * and Page-Hinkley on a multi-class model's stream in the simulator test; ADWIN alarmed on none.
 * Page-Hinkley's threshold is also in the error's units, which differ per model. Detectors are
 * not checkpointed: after a restart they start afresh, as after a detected drift; they are sequential by nature, so they are outside "streaming equals
 * batch".
 */
export class ConceptDriftMonitor {
  private readonly models = new Map<string, ModelDetectors>();

  constructor(private readonly windowMs: number) {}

  observe(outcomes: readonly OutcomeRecord[]): ConceptDriftDetection[] {
    const detections: ConceptDriftDetection[] = [];
    for (const o of outcomes) {
      const error = errorOf(o);
      if (error === null) continue;
      const id = `${o.modelId}\u0000${o.modelVersion}\u0000${error.kind}`;
      let model = this.models.get(id);
      if (model === undefined) {
        model = { newestPredictionMs: -Infinity, bounded: error.kind === 'regression' ? new BoundedError() : null, detectors: detectorsFor() };
        this.models.set(id, model);
      }
      model.newestPredictionMs = Math.max(model.newestPredictionMs, o.predictionTimestampMs);
      const value = model.bounded ? model.bounded.map(error.value) : error.value;
      if (value === null) continue;
      for (const d of model.detectors) {
        d.observed += 1;
        if (d.detector.update(value).driftDetected) {
          detections.push({
            // The window where the stream is, not the triggering outcome's: labels arrive out of
            // order, and the one that tips the detector may belong to a much older prediction.
            key: { modelId: o.modelId, modelVersion: o.modelVersion, segmentName: '', segmentValue: '', windowStartMs: windowStart(model.newestPredictionMs, this.windowMs) },
            detector: d.type,
            observed: d.observed,
          });
          d.observed = 0;
        }
      }
    }
    return detections;
  }
}

function errorOf(o: OutcomeRecord): { kind: 'classification' | 'regression'; value: number } | null {
  if (o.labelClass !== null) {
    const predicted = predictedClass(o);
    return predicted === null ? null : { kind: 'classification', value: predicted === o.labelClass ? 0 : 1 };
  }
  if (o.labelValue !== null && o.predictionValue !== null) return { kind: 'regression', value: Math.abs(o.labelValue - o.predictionValue) };
  return null;
}

/** The detectors a new error stream gets; the same for both kinds today (see the class comment). */
const DEFAULT_DETECTORS: readonly DetectorType[] = ['adwin'];

function detectorsFor(): ModelDetectors['detectors'] {
  return DEFAULT_DETECTORS.map((type) => ({ type, detector: createDetector(type), observed: 0 }));
}
