export { resource, type ModuleContext, type Resource, type RunningModule, type ServiceModule } from './service-module.ts';
export { resolveTargets, startModules, type StartedModules } from './module-manager.ts';
export { WAREHOUSE } from './resources.ts';
