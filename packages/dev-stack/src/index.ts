/**
 * @modelwatch/dev-stack: the local Kafka broker and schema registry, run from Maven Central
 * artifacts on 127.0.0.1 (no Docker). Used by `modelwatch kafka|registry start|stop|status`
 * and by the test suite's global setup.
 */
export { startKafka, stopKafka, kafkaStatus } from './kafka-broker.ts';
export type { StartKafkaOptions, KafkaStarted, KafkaStatus, KafkaStopped } from './kafka-broker.ts';
export { startSchemaRegistry, stopSchemaRegistry, schemaRegistryStatus, schemaRegistryUrl } from './schema-registry.ts';
export type { StartSchemaRegistryOptions, SchemaRegistryStarted, SchemaRegistryStatus, SchemaRegistryStopped } from './schema-registry.ts';
export { resolveDataDir } from './data-dir.ts';
export { DevStackError, type DevStackErrorCode } from './dev-stack-error.ts';
