import { inject } from 'vitest';

/** Addresses of the Kafka broker and schema registry the test run uses (see test/setup/global-setup.ts). */
export interface TestStack {
  /** Bootstrap servers, e.g. ['127.0.0.1:9092']. */
  readonly brokers: string[];
  /** Confluent-compatible registry API, e.g. http://127.0.0.1:8081/apis/ccompat/v7. */
  readonly schemaRegistryUrl: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    kafkaBrokers: string[];
    schemaRegistryUrl: string;
  }
}

/** The running stack, provided by the global setup; call it inside a test file (not at config time). */
export function testStack(): TestStack {
  return { brokers: inject('kafkaBrokers'), schemaRegistryUrl: inject('schemaRegistryUrl') };
}
