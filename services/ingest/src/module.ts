import { createKafka, createSchemaRegistry } from '@modelwatch/kafka';
import { WAREHOUSE, type ServiceModule } from '@modelwatch/runtime';
import { startIngestConsumer } from './ingest-consumer.ts';
import { ingestMetrics } from './ingest-metrics.ts';

/** `ingest`: Kafka inference and ground-truth topics into the raw warehouse tables. */
export const ingestModule: ServiceModule = {
  name: 'ingest',
  deps: ['warehouse'],
  isTarget: true,
  summary: 'decode, validate and store inference and ground-truth events; refused records to the DLQ',
  async start({ config, log, metrics, ops, use }) {
    const registry = createSchemaRegistry(config.schemaRegistry);
    const consumer = await startIngestConsumer({
      kafka: createKafka(config.kafka, log, '-ingest'),
      config,
      warehouse: use(WAREHOUSE),
      ...(registry ? { registry } : {}),
      log,
      metrics: ingestMetrics(metrics),
    });
    ops.addCheck({ name: 'ingest', ready: () => consumer.isReady() });
    return { stop: () => consumer.stop() };
  },
};
