export * from './control-event.ts';
