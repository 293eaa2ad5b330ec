import { createKafka, createSchemaRegistry } from '@modelwatch/kafka';
import { WAREHOUSE, type ServiceModule } from '@modelwatch/runtime';
import { startLabelJoinConsumer } from './label-join-consumer.ts';

/**
 * `metrics`: joins ground truth with its predictions into `joined_outcomes`. The windowed
 * drift, accuracy and health metrics are built on this service next.
 */
export const metricsModule: ServiceModule = {
  name: 'metrics',
  deps: ['warehouse'],
  isTarget: true,
  summary: 'join ground truth with predictions, however late, into joined_outcomes',
  async start({ config, log, metrics, ops, use }) {
    const registry = createSchemaRegistry(config.schemaRegistry);
    const consumer = await startLabelJoinConsumer({
      kafka: createKafka(config.kafka, log, '-metrics'),
      config,
      warehouse: use(WAREHOUSE),
      ...(registry ? { registry } : {}),
      log,
      metrics: {
        joined: metrics.counter('modelwatch_metrics_outcomes_joined_total', 'Predictions joined with their ground truth (a replay joins a pair again).'),
        skipped: metrics.counter('modelwatch_metrics_records_skipped_total', 'Records the metrics service skipped, by reason.'),
        pending: metrics.gauge('modelwatch_metrics_pending_labels', 'Labels waiting for their prediction.'),
      },
    });
    ops.addCheck({ name: 'metrics', ready: () => consumer.isReady() });
    return { stop: () => consumer.stop() };
  },
};
