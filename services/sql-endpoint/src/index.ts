export { startSqlEndpoint, type SqlEndpoint, type SqlEndpointOptions } from './start-sql-endpoint.ts';
export type { EndpointLimits } from './request-plan.ts';
export { EndpointError } from './endpoint-error.ts';
export { httpStatusForException } from './http-status.ts';
export { sqlEndpointModule } from './module.ts';
