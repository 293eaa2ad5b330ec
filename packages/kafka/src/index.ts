export { createKafka } from './kafka-connection.ts';
export { ensureModelwatchTopics, ensureTopics, type TopicSpec } from './ensure-topics.ts';
export { createSchemaRegistry } from './schema-registry-client.ts';
export { RecordDecoder, RetriableDecodeError, type Decoded, type RejectionKind } from './record-decoder.ts';
export { EventReader, type EventReaderOptions, type ReadEvent } from './event-reader.ts';
export { DeadLetterQueue, DLQ_HEADERS, type Rejection } from './dead-letter-queue.ts';
export { modelwatchTopicSpecs } from './modelwatch-topics.ts';
export { followTopic, type FollowOptions, type TopicFollower } from './topic-follower.ts';
export { ControlLog } from './control-log.ts';
