import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { ModelwatchConfig } from '@modelwatch/core';

/** The registry client for Avro records, or undefined when none is configured (JSON only). */
export function createSchemaRegistry(config: ModelwatchConfig['schemaRegistry']): SchemaRegistry | undefined {
  return config.url ? new SchemaRegistry({ host: config.url }) : undefined;
}
