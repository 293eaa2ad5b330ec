import { modelWindowAggregate, topicNames } from '@modelwatch/core';
import { createKafka, createSchemaRegistry } from '@modelwatch/kafka';
import { Partitioners } from 'kafkajs';
import { WAREHOUSE, type ServiceModule } from '@modelwatch/runtime';
import { MetricPublisher } from './evaluation/metric-publisher.ts';
import { MetricWriter } from './evaluation/metric-writer.ts';
import { ModelOptions } from './evaluation/model-options.ts';
import { OutcomeReader } from './evaluation/outcome-reader.ts';
import { UnreferencedWindows } from './evaluation/unreferenced-windows.ts';
import { WindowEvaluator } from './evaluation/window-evaluator.ts';
import { WindowRecount } from './evaluation/window-recount.ts';
import { startMonitoringConsumer } from './monitoring-consumer.ts';
import { ReferenceCache } from './references/reference-cache.ts';
import { ReferenceStore } from './references/reference-store.ts';
import { ReferenceWindowBuilder } from './references/reference-window-builder.ts';
import { CheckpointStore } from './windows/checkpoint-store.ts';
import { WindowStateStore } from './windows/window-state-store.ts';

/**
 * `metrics`: the monitoring engine. Joins ground truth with predictions, keeps event-time
 * windows per model version and segment, and evaluates complete windows into `model_metrics`
 * (drift, performance, estimated performance, importance, health, data quality, concept drift)
 * and the metrics topic.
 */
export const metricsModule: ServiceModule = {
  name: 'metrics',
  deps: ['warehouse'],
  isTarget: true,
  summary: 'windowed drift, performance, importance and health metrics into model_metrics',
  async start({ config, log, metrics, ops, use }) {
    const warehouse = use(WAREHOUSE);
    const kafka = createKafka(config.kafka, log, '-metrics');
    const registry = createSchemaRegistry(config.schemaRegistry);
    // Metric events are idempotent by content (a window published twice carries the same values), so retries need no idempotent producer.
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const aggregate = modelWindowAggregate();
    const referenceStore = new ReferenceStore(warehouse);
    const references = new ReferenceCache(referenceStore);
    const writer = new MetricWriter(warehouse);
    const publisher = new MetricPublisher(producer, topicNames(config.kafka.topicPrefix).metrics);
    const states = new WindowStateStore(warehouse);
    const evaluator = new WindowEvaluator({
      states,
      outcomes: new OutcomeReader(warehouse, config.metrics.windowMs),
      references: referenceStore,
      recount: new WindowRecount(warehouse, config.metrics.windowMs, aggregate),
      writer,
      publisher,
      options: new ModelOptions(config.metrics),
      aggregate,
      windowMs: config.metrics.windowMs,
    });
    const consumer = await startMonitoringConsumer({
      kafka,
      producer,
      config,
      warehouse,
      ...(registry ? { registry } : {}),
      log,
      aggregate,
      states,
      checkpoints: new CheckpointStore(warehouse, `${config.kafka.groupPrefix}metrics`),
      references,
      evaluator,
      writer,
      publisher,
      metrics: {
        joined: metrics.counter('modelwatch_metrics_outcomes_joined_total', 'Predictions joined with their ground truth (a replay joins a pair again).'),
        skipped: metrics.counter('modelwatch_metrics_records_skipped_total', 'Records the metrics service skipped, by reason.'),
        pending: metrics.gauge('modelwatch_metrics_pending_labels', 'Labels waiting for their prediction.'),
        windowEvents: metrics.counter('modelwatch_metrics_window_events_total', 'Events added to windows, by result: open, late (a correction) or replayed.'),
        windowsWritten: metrics.counter('modelwatch_metrics_window_deltas_written_total', 'Window states written (closes and corrections).'),
        metricRows: metrics.counter('modelwatch_metrics_metric_rows_total', 'Rows written to model_metrics by window evaluation.'),
        watermarkLag: metrics.gauge('modelwatch_metrics_watermark_lag_ms', 'Wall clock minus the event-time watermark.'),
        openWindows: metrics.gauge('modelwatch_metrics_open_windows', 'Open windows (window start x series) held in memory.'),
      },
    });
    const rolling = new Map(config.metrics.models.filter((m) => m.rollingReferenceMs !== undefined).map((m) => [m.model, m.rollingReferenceMs!]));
    const builder = new ReferenceWindowBuilder({
      warehouse,
      store: referenceStore,
      cache: references,
      referenceWindowMs: config.metrics.referenceWindowMs,
      allowedLatenessMs: config.metrics.allowedLatenessMs,
      completeUpTo: () => consumer.completeUpTo(),
      rollingReferenceMs: (model) => rolling.get(model) ?? config.metrics.rollingReferenceMs,
      log,
    });
    const unreferenced = new UnreferencedWindows({ warehouse, evaluator, log });
    // References first, then the windows evaluated before their version had one; each waits for its own run in progress.
    const builderTimer = setInterval(() => {
      void (async () => {
        await builder.run().catch((error: unknown) => log.warn('building reference windows failed; tried again later', { error }));
        await unreferenced.run().catch((error: unknown) => log.warn('scoring windows evaluated before their reference failed; tried again later', { error }));
      })();
    }, Math.min(60_000, Math.max(5_000, config.metrics.flushIntervalMs * 5)));
    builderTimer.unref();
    ops.addCheck({ name: 'metrics', ready: () => consumer.isReady() });
    return {
      async stop() {
        clearInterval(builderTimer);
        await unreferenced.stop();
        await consumer.stop();
        await producer.disconnect();
      },
    };
  },
};
