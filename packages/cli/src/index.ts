export { startModelwatch, type RunningModelwatch } from './start-modelwatch.ts';
export { MODULES } from './modules/index.ts';
