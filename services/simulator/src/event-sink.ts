import type { GroundTruthEvent, InferenceEvent } from '@modelwatch/core';
import type { EventTopic } from './malformed-record.ts';

/**
 * Where the simulator's traffic goes. The simulator knows nothing of Kafka: the CLI gives it
 * a sink that produces to the topics, tests give it one that keeps everything in memory.
 * Each call is awaited before the next, so a slow sink slows the simulation (and the
 * progress report shows the lag) rather than piling events up in memory.
 */
export interface EventSink {
  inference(events: InferenceEvent[]): Promise<void>;
  groundTruth(events: GroundTruthEvent[]): Promise<void>;
  /** Bytes sent as they are: the malformed records. `key` null sends a record without key. */
  raw(topic: EventTopic, key: string | null, bytes: Buffer): Promise<void>;
}
