/**
 * The errors the SDK raises. Every one carries `retriable`: whether handing in the same
 * events again later may succeed (a broker or the registry was unreachable) or never will
 * (the event is invalid, the producer is closed, the broker refused the request for good).
 */
export type ModelwatchErrorCode = 'INVALID_EVENT' | 'PRODUCER_CLOSED' | 'BUFFER_FULL' | 'DELIVERY_FAILED' | 'SCHEMA_REGISTRY';

export class ModelwatchError extends Error {
  readonly code: ModelwatchErrorCode;
  readonly retriable: boolean;

  constructor(code: ModelwatchErrorCode, message: string, options: { retriable: boolean; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retriable = options.retriable;
  }
}

/** One thing wrong with an event: the field (a dotted path for map entries) and why. */
export interface EventProblem {
  readonly field: string;
  readonly message: string;
}

/** The event was refused before it was queued; it never reaches Kafka. Never retriable. */
export class InvalidEventError extends ModelwatchError {
  readonly kind: string;
  readonly problems: readonly EventProblem[];

  constructor(kind: string, problems: readonly EventProblem[]) {
    const list = problems.map((p) => p.message).join('; ');
    super('INVALID_EVENT', `invalid ${kind} event: ${list}`, { retriable: false });
    this.kind = kind;
    this.problems = problems;
  }

  /** The fields that were wrong, in the order found. */
  get fields(): string[] {
    return this.problems.map((p) => p.field);
  }
}

/** logPrediction/logGroundTruth after close() was called. */
export class ProducerClosedError extends ModelwatchError {
  constructor() {
    super('PRODUCER_CLOSED', 'the modelwatch producer is closed', { retriable: false });
  }
}

/** More events are waiting to be sent than `maxBufferedEvents`: Kafka is slow or down. */
export class BufferFullError extends ModelwatchError {
  constructor(limit: number) {
    super('BUFFER_FULL', `${limit} events are already waiting to be sent; drop this one or retry after flush()`, { retriable: true });
  }
}

/** The registry could not register or look up a schema. */
export class SchemaRegistryError extends ModelwatchError {
  constructor(message: string, options: { retriable: boolean; cause?: unknown }) {
    super('SCHEMA_REGISTRY', message, options);
  }
}

/** A batch was not acknowledged by Kafka. `events` is how many events the batch carried. */
export class DeliveryError extends ModelwatchError {
  readonly events: number;

  constructor(message: string, options: { retriable: boolean; events: number; cause?: unknown }) {
    super('DELIVERY_FAILED', message, options);
    this.events = options.events;
  }
}

/**
 * Whether an error thrown by kafkajs may go away when the same events are sent later.
 * kafkajs's retrier wraps the error it gave up on, in KafkaJSNumberOfRetriesExceeded or (when
 * an inner retrier gave up first) in KafkaJSNonRetriableError, both marked non-retriable for
 * its own sake: what counts for the caller is the error at the bottom of the cause chain
 * (ECONNREFUSED is worth another try later, MESSAGE_TOO_LARGE never is).
 */
export function isRetriableKafkaError(error: unknown): boolean {
  let current: unknown = error;
  let gaveUpRetrying = false;
  for (let depth = 0; depth < 10 && current instanceof Error; depth++) {
    if (current.name === 'KafkaJSNumberOfRetriesExceeded') gaveUpRetrying = true;
    const cause: unknown = current.cause;
    if (!(cause instanceof Error) || cause === current) break;
    current = cause;
  }
  if (!(current instanceof Error)) return false;
  if (current.name === 'TypeError' || current.name === 'RangeError') return false; // programmer errors
  const retriable = (current as { retriable?: unknown }).retriable;
  if (typeof retriable === 'boolean' && current !== error) return retriable;
  const code = (current as { code?: unknown }).code;
  if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'ETIMEDOUT' || code === 'EPIPE') return true;
  if (gaveUpRetrying) return true;
  return typeof retriable === 'boolean' ? retriable : false;
}
