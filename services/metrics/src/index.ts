export * from './label-join/index.ts';
export { metricsModule } from './module.ts';
export { startLabelJoinConsumer, type LabelJoinConsumer, type LabelJoinConsumerOptions } from './label-join-consumer.ts';
