export * from './config/index.ts';
export * from './events/index.ts';
export { topicNames, type TopicNames } from './topics.ts';
