export * from './config/index.ts';
export { topicNames, type TopicNames } from './topics.ts';
