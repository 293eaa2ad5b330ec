export { deriveEventId } from './event-id.ts';
export { parseEventTime } from './event-time.ts';
export { validateInferenceEvent, type InferenceEvent, type InferenceRecord } from './inference-event.ts';
export { modelIdentityOf, type ModelIdentity } from './model-identity.ts';
export { validateGroundTruthEvent, type GroundTruthEvent, type GroundTruthRecord } from './ground-truth-event.ts';
export type { Validation } from './validation.ts';
export { outcomeLabelClass } from './outcome-class.ts';
export { ownValue, setOwn } from './own-property.ts';
export { isTextValue, MAX_CATEGORY_LENGTH, textLength } from './text-value.ts';
