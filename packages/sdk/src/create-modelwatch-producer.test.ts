import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Kafka, ProducerBatch } from 'kafkajs';
import { createModelwatchProducer } from './create-modelwatch-producer.ts';
import { DeliveryError, InvalidEventError, ProducerClosedError } from './sdk-errors.ts';
import { sampleGroundTruth, sampleInference } from './test-events.ts';

/** A kafkajs client stand-in that records what the SDK asks of it. */
function fakeKafka(sendBatch: (batch: ProducerBatch) => Promise<unknown> = async () => []) {
  const calls = { producerConfig: [] as unknown[], batches: [] as ProducerBatch[], connects: 0, disconnects: 0 };
  const kafka = {
    producer(config: unknown) {
      calls.producerConfig.push(config);
      return {
        connect: async () => void (calls.connects += 1),
        disconnect: async () => void (calls.disconnects += 1),
        sendBatch: async (batch: ProducerBatch) => {
          calls.batches.push(batch);
          return sendBatch(batch);
        },
      };
    },
  } as unknown as Kafka;
  return { kafka, calls };
}

describe('createModelwatchProducer', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends JSON keyed by prediction_id to the prefixed topics, idempotent with acks=all', async () => {
    const { kafka, calls } = fakeKafka();
    const mw = createModelwatchProducer({ kafka, topicPrefix: 'acme.', batch: { lingerMs: 60_000 } });
    expect(mw.topics).toEqual({ inference: 'acme.inference', groundTruth: 'acme.ground-truth' });
    void mw.logPrediction(sampleInference(1));
    void mw.logGroundTruth(sampleGroundTruth(1));
    expect(mw.pending).toBe(2);
    await mw.flush();
    expect(calls.producerConfig[0]).toMatchObject({ idempotent: true, allowAutoTopicCreation: false });
    expect(calls.batches).toHaveLength(1);
    const batch = calls.batches[0]!;
    expect(batch.acks).toBe(-1);
    expect(batch.topicMessages!.map((t) => [t.topic, t.messages.map((m) => m.key)])).toEqual([
      ['acme.inference', ['p-1']],
      ['acme.ground-truth', ['p-1']],
    ]);
    const value = batch.topicMessages![0]!.messages[0]!.value as Buffer;
    expect(JSON.parse(value.toString('utf8'))).toEqual(sampleInference(1));
    await mw.close();
    expect(calls.disconnects).toBe(1);
  });

  it('refuses a bad event at the call; nothing reaches Kafka', async () => {
    const { kafka, calls } = fakeKafka();
    const mw = createModelwatchProducer({ kafka });
    expect(() => mw.logPrediction(sampleInference(1, { prediction: { p: 1 } as never }))).toThrow(InvalidEventError);
    expect(() => mw.logGroundTruth(sampleGroundTruth(1, { model_id: '' }))).toThrow(/model_id must have 1 to 256 characters/);
    await mw.close();
    expect(calls.batches).toHaveLength(0);
    expect(calls.connects).toBe(0);
  });

  it('takes a snapshot at the call, so the caller may reuse its event object', async () => {
    const { kafka, calls } = fakeKafka();
    const mw = createModelwatchProducer({ kafka, batch: { lingerMs: 60_000 } });
    const event = sampleInference(1);
    void mw.logPrediction(event);
    event.prediction_id = 'changed';
    event.features['amount'] = -1;
    await mw.close();
    const sent = JSON.parse((calls.batches[0]!.topicMessages![0]!.messages[0]!.value as Buffer).toString());
    expect(sent.prediction_id).toBe('p-1');
    expect(sent.features.amount).toBe(12.5);
  });

  it('batches by maxEvents and lingerMs', async () => {
    vi.useFakeTimers();
    const { kafka, calls } = fakeKafka();
    const mw = createModelwatchProducer({ kafka, batch: { maxEvents: 2, lingerMs: 50 } });
    for (let i = 1; i <= 3; i++) void mw.logPrediction(sampleInference(i));
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.batches.map((b) => b.topicMessages![0]!.messages.length)).toEqual([2]);
    await vi.advanceTimersByTimeAsync(50);
    expect(calls.batches.map((b) => b.topicMessages![0]!.messages.length)).toEqual([2, 1]);
    await mw.close();
  });

  it('turns a kafkajs failure into a DeliveryError that says whether to retry', async () => {
    const retriesExceeded = Object.assign(new Error('Connection error: ECONNREFUSED'), { name: 'KafkaJSNumberOfRetriesExceeded', retriable: false });
    const { kafka } = fakeKafka(async () => Promise.reject(retriesExceeded));
    const onError = vi.fn();
    const mw = createModelwatchProducer({ kafka, onError });
    const delivery = mw.logPrediction(sampleInference(1));
    const error = await delivery.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ retriable: true, events: 1, code: 'DELIVERY_FAILED', cause: retriesExceeded });
    expect(onError).toHaveBeenCalledWith(error);
    await expect(mw.close()).rejects.toBe(error);
  });

  it('marks a refusal by the broker as not retriable', async () => {
    const tooLarge = Object.assign(new Error('The request included a message larger than the max message size the server will accept'), {
      name: 'KafkaJSNonRetriableError',
      retriable: false,
    });
    const { kafka } = fakeKafka(async () => Promise.reject(tooLarge));
    const mw = createModelwatchProducer({ kafka });
    void mw.logPrediction(sampleInference(1));
    await expect(mw.flush()).rejects.toMatchObject({ retriable: false });
    await mw.close();
  });

  it('refuses events after close()', async () => {
    const { kafka } = fakeKafka();
    const mw = createModelwatchProducer({ kafka });
    await mw.close();
    expect(() => mw.logPrediction(sampleInference(1))).toThrow(ProducerClosedError);
    await mw.close();
  });

  it('sends without validation when told, as long as there is a key', async () => {
    const { kafka, calls } = fakeKafka();
    const mw = createModelwatchProducer({ kafka, validate: false });
    void mw.logPrediction(sampleInference(1, { scores: { a: 7 } }));
    await mw.close();
    expect(calls.batches).toHaveLength(1);
  });

  it('fails at construction with a message that says what to fix', () => {
    expect(() => createModelwatchProducer({})).toThrow(/needs `brokers`/);
    expect(() => createModelwatchProducer({ brokers: ['b:9092'], encoding: 'avro' })).toThrow(/needs `schemaRegistryUrl`/);
    expect(() => createModelwatchProducer({ brokers: ['b:9092'], encoding: 'xml' as never })).toThrow(/'json' or 'avro'/);
    expect(() => createModelwatchProducer({ brokers: ['b:9092'], topicPrefix: 'a b' })).toThrow(/topicPrefix/);
    expect(() => createModelwatchProducer({ brokers: ['b:9092'], batch: { maxEvents: 0 } })).toThrow(RangeError);
  });
});
