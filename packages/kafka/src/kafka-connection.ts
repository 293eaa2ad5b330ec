import { Kafka, logLevel, type LogEntry } from 'kafkajs';
import type { ModelwatchConfig } from '@modelwatch/core';
import type { Logger } from '@modelwatch/telemetry';

/** A kafkajs client whose own logs go to modelwatch's logger (warnings and errors only). */
export function createKafka(config: ModelwatchConfig['kafka'], log: Logger, clientSuffix = ''): Kafka {
  return new Kafka({
    clientId: `${config.clientId}${clientSuffix}`,
    brokers: [...config.brokers],
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log: entry }: LogEntry) => {
        const { message, ...fields } = entry;
        if (level <= logLevel.ERROR) log.error(`kafka: ${message}`, fields);
        else log.warn(`kafka: ${message}`, fields);
      },
    retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 10_000 },
  });
}
