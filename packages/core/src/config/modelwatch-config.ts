import type { CategoricalDriftMethod, NumericDriftMethod } from '../monitoring/monitoring-options.ts';

/** The validated configuration every service receives. Built only by `loadConfig`. */
export interface SqlEndpointUser {
  readonly name: string;
  /** Hex SHA-256 of the password; absent means no password. */
  readonly passwordSha256?: string;
  readonly readonly: boolean;
}

/** Drift settings of one model that differ from `metrics.*`. */
export interface ModelMetricsOverride {
  readonly model: string;
  readonly numericDriftMethod?: NumericDriftMethod;
  readonly categoricalDriftMethod?: CategoricalDriftMethod;
  readonly driftFdr?: number;
  readonly minSampleSize?: number;
  readonly rollingReferenceMs?: number;
}

/** A Slack user and the role they have in modelwatch (viewers may look, on-call may act). */
export interface SlackUserRole {
  readonly slackUser: string;
  readonly role: 'viewer' | 'oncall' | 'admin';
}

/** A client of the alerts API; the bearer token itself is never in the config. */
export interface AlertsApiClient {
  readonly name: string;
  readonly tokenSha256: string;
  readonly role: 'viewer' | 'oncall' | 'admin';
}

export interface AlertsConfig {
  readonly rulesFile?: string;
  readonly routingFile?: string;
  readonly escalationAfterMs: number;
  readonly checkCron: string;
  readonly digestCron: string;
  readonly deliveryTimeoutMs: number;
  readonly slack: {
    readonly botToken?: string;
    readonly signingSecret?: string;
    readonly apiUrl?: string;
    readonly channel: string;
    readonly host: string;
    readonly port: number;
    readonly users: readonly SlackUserRole[];
    readonly defaultRole: 'none' | 'viewer';
  };
  readonly email: {
    readonly smtpHost?: string;
    readonly smtpPort: number;
    readonly smtpSecure: boolean;
    readonly smtpUser?: string;
    readonly smtpPassword?: string;
    readonly from: string;
    readonly to?: readonly string[];
    readonly digestTo?: readonly string[];
  };
  readonly pagerduty: { readonly routingKey?: string; readonly url: string };
  readonly webhook: { readonly url?: string; readonly secret?: string };
  readonly api: { readonly host: string; readonly port: number; readonly clients: readonly AlertsApiClient[] };
}

export interface ModelwatchConfig {
  readonly dataDir: string;
  readonly targets: readonly string[];
  readonly log: { readonly level: 'debug' | 'info' | 'warn' | 'error' };
  readonly kafka: {
    readonly brokers: readonly string[];
    readonly clientId: string;
    readonly topicPrefix: string;
    readonly groupPrefix: string;
    readonly topicPartitions: number;
    readonly replicationFactor: number;
  };
  readonly schemaRegistry: { readonly url?: string };
  readonly clickhouse: {
    readonly url?: string;
    readonly user: string;
    readonly password: string;
    readonly database: string;
  };
  readonly sqlEndpoint: { readonly host: string; readonly port: number; readonly users: readonly SqlEndpointUser[] };
  readonly http: { readonly host: string; readonly port: number };
  readonly ingest: {
    readonly maxEventBytes: number;
    readonly maxBatchBytes: number;
    readonly maxWaitMs: number;
    readonly partitionsConcurrently: number;
    readonly sessionTimeoutMs: number;
  };
  readonly metrics: {
    readonly windowMs: number;
    readonly allowedLatenessMs: number;
    readonly idleTimeoutMs: number;
    readonly maxFutureSkewMs: number;
    readonly flushIntervalMs: number;
    readonly referenceWindowMs: number;
    readonly rollingReferenceMs: number;
    readonly numericDriftMethod: NumericDriftMethod;
    readonly categoricalDriftMethod: CategoricalDriftMethod;
    readonly driftFdr: number;
    readonly models: readonly ModelMetricsOverride[];
  };
  readonly alerts: AlertsConfig;
}
