import { describe, expect, it } from 'vitest';
import { isRetriableKafkaError } from './sdk-errors.ts';

/** kafkajs-shaped errors: a name, `retriable` and a cause. */
function kafkaError(name: string, retriable: boolean, cause?: Error, code?: string): Error {
  return Object.assign(new Error(name, cause ? { cause } : undefined), { name, retriable, ...(code ? { code } : {}) });
}

describe('isRetriableKafkaError', () => {
  it('reads the root cause under kafkajs wrappers', () => {
    const refused = kafkaError('KafkaJSConnectionError', true, undefined, 'ECONNREFUSED');
    // As seen from sendBatch when the broker went away: an inner retrier gave up, the outer wrapped it.
    expect(isRetriableKafkaError(kafkaError('KafkaJSNonRetriableError', false, refused))).toBe(true);
    expect(isRetriableKafkaError(kafkaError('KafkaJSNumberOfRetriesExceeded', false, refused))).toBe(true);
  });

  it('keeps a refusal by the broker non-retriable', () => {
    const tooLarge = kafkaError('KafkaJSProtocolError', false);
    expect(isRetriableKafkaError(kafkaError('KafkaJSNonRetriableError', false, tooLarge))).toBe(false);
    expect(isRetriableKafkaError(tooLarge)).toBe(false);
  });

  it('treats retries given up on as worth another try later', () => {
    expect(isRetriableKafkaError(kafkaError('KafkaJSNumberOfRetriesExceeded', false))).toBe(true);
    expect(isRetriableKafkaError(kafkaError('KafkaJSConnectionError', true))).toBe(true);
  });

  it('never retries programmer errors or non-errors', () => {
    expect(isRetriableKafkaError(kafkaError('KafkaJSNonRetriableError', false, new TypeError('x is not a function')))).toBe(false);
    expect(isRetriableKafkaError('boom')).toBe(false);
  });
});
