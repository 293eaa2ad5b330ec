export * from './label-join/index.ts';
