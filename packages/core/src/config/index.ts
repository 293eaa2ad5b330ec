export { CONFIG_FIELDS, type ConfigField } from './config-fields.ts';
export { ConfigError } from './config-error.ts';
export { loadConfig, type ConfigSources } from './load-config.ts';
export type { AlertsApiClient, AlertsConfig, ModelMetricsOverride, ModelwatchConfig, SlackUserRole, SqlEndpointUser } from './modelwatch-config.ts';
