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
}
