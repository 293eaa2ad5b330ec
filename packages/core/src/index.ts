export * from './config/index.ts';
export * from './events/index.ts';
export * from './drift/index.ts';
export * from './detectors/index.ts';
export * from './windows/index.ts';
export * from './performance/index.ts';
export { topicNames, type TopicNames } from './topics.ts';
