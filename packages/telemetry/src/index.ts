export { createLogger, type LogFields, type Logger, type LogLevel } from './logger.ts';
export { MetricsRegistry, type Counter, type Gauge, type Labels } from './metrics-registry.ts';
export { startOpsServer, type HealthCheck, type OpsServer } from './ops-server.ts';
