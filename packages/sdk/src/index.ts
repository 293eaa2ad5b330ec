export { createModelwatchProducer, type ModelwatchProducer } from './create-modelwatch-producer.ts';
export type { ModelwatchProducerOptions, EventEncoding } from './producer-options.ts';
export {
  ModelwatchError,
  InvalidEventError,
  ProducerClosedError,
  BufferFullError,
  DeliveryError,
  SchemaRegistryError,
  type ModelwatchErrorCode,
  type EventProblem,
} from './sdk-errors.ts';
export type { InferenceEvent, GroundTruthEvent } from '@modelwatch/core';
