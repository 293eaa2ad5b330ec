import type { GroundTruthEvent, InferenceEvent } from '@modelwatch/core';
import type { EventSink } from './event-sink.ts';
import type { EventTopic } from './malformed-record.ts';

export interface RawRecord {
  readonly topic: EventTopic;
  readonly key: string | null;
  readonly bytes: Buffer;
}

/** A sink that keeps everything it is given, in order: for tests and dry runs. */
export class MemorySink implements EventSink {
  readonly inferences: InferenceEvent[] = [];
  readonly groundTruths: GroundTruthEvent[] = [];
  readonly raws: RawRecord[] = [];
  /** How many calls of each kind were made (batches, not events). */
  readonly calls = { inference: 0, groundTruth: 0, raw: 0 };

  async inference(events: InferenceEvent[]): Promise<void> {
    this.calls.inference++;
    this.inferences.push(...events);
  }

  async groundTruth(events: GroundTruthEvent[]): Promise<void> {
    this.calls.groundTruth++;
    this.groundTruths.push(...events);
  }

  async raw(topic: EventTopic, key: string | null, bytes: Buffer): Promise<void> {
    this.calls.raw++;
    this.raws.push({ topic, key, bytes });
  }
}

/** A sink that drops everything: `modelwatch simulate --dry-run`. */
export const NULL_SINK: EventSink = {
  inference: async () => undefined,
  groundTruth: async () => undefined,
  raw: async () => undefined,
};
