export * from './alert.ts';
export * from './clock.ts';
export * from './notification.ts';
export * from './routing/index.ts';
export * from './rules/index.ts';
