import { createDetector, windowStart, type ChangeDetector, type DetectorType, type OutcomeRecord, type WindowKey } from '@modelwatch/core';

/** A detector that signalled drift on an outcome: a `concept_drift` row in the outcome's window. */
export interface ConceptDriftDetection {
  readonly key: WindowKey;
  readonly detector: DetectorType;
  /** Outcomes the detector had seen since its last reset. */
  readonly observed: number;
}

interface ModelDetectors {
  readonly detectors: { readonly type: DetectorType; readonly detector: ChangeDetector; observed: number }[];
}

/**
 * Streaming change detectors on each model version's error stream, fed in the order labels are
 * joined. Classification feeds error bits to ADWIN and Page-Hinkley; regression feeds the
 * absolute error to ADWIN, whose cut adapts to the error's own variance (Page-Hinkley's threshold
 * is in the error's units, which differ per model). DDM and EDDM are not run by default: on
 * stationary error bits at a 3% error rate, DDM (warm start 1000) alarmed on 11 of 60 streams of
 * 20,000 items, and EDDM alarms about once per 480 items (packages/core/src/detectors/README.md),
 * while ADWIN alarmed on none. Detectors are not checkpointed: after a restart they start afresh,
 * as after a detected drift; they are sequential by nature, so they are outside "streaming equals
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
        model = { detectors: detectorsFor(error.kind) };
        this.models.set(id, model);
      }
      for (const d of model.detectors) {
        d.observed += 1;
        if (d.detector.update(error.value).driftDetected) {
          detections.push({
            key: { modelId: o.modelId, modelVersion: o.modelVersion, segmentName: '', segmentValue: '', windowStartMs: windowStart(o.predictionTimestampMs, this.windowMs) },
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
    const predicted = o.predictionLabel ?? (o.predictionValue === null ? null : String(o.predictionValue));
    return predicted === null ? null : { kind: 'classification', value: predicted === o.labelClass ? 0 : 1 };
  }
  if (o.labelValue !== null && o.predictionValue !== null) return { kind: 'regression', value: Math.abs(o.labelValue - o.predictionValue) };
  return null;
}

function detectorsFor(kind: 'classification' | 'regression'): ModelDetectors['detectors'] {
  const make = (type: DetectorType, options: Record<string, unknown> = {}): ModelDetectors['detectors'][number] => ({ type, detector: createDetector(type, options), observed: 0 });
  return kind === 'classification' ? [make('adwin'), make('page-hinkley')] : [make('adwin')];
}
