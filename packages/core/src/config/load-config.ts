import { parseApiClients, parseSlackUsers } from './alerts-settings.ts';
import { parseFdr, parseModelOverrides } from './metrics-settings.ts';
import { CONFIG_FIELDS, type ConfigField } from './config-fields.ts';
import { nearest } from '../nearest-name.ts';
import { ConfigError } from './config-error.ts';
import { groupPrefixFor } from './group-prefix.ts';
import type { ModelwatchConfig, SqlEndpointUser } from './modelwatch-config.ts';

export interface ConfigSources {
  /** The parsed config file (YAML or JSON), if one was given. */
  readonly file?: unknown;
  /** Where the file came from, for error messages. */
  readonly fileName?: string;
  /** Environment variables; only `MODELWATCH_*` ones are read. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

type Raw = Record<string, unknown>;

/**
 * Builds the configuration from defaults, then the file, then the environment, and validates
 * it once. Every problem is collected and thrown together in a ConfigError, so a user fixes
 * them all in one go instead of one per restart.
 */
export function loadConfig(sources: ConfigSources = {}): ModelwatchConfig {
  const problems: string[] = [];
  const values = new Map<string, unknown>();
  for (const field of CONFIG_FIELDS) values.set(field.path, field.default);

  if (sources.file !== undefined && sources.file !== null) {
    const where = sources.fileName ?? 'config file';
    if (typeof sources.file !== 'object' || Array.isArray(sources.file)) {
      problems.push(`${where}: the top level must be a mapping of settings, such as "kafka:" and "clickhouse:"`);
    } else {
      readFile(sources.file as Raw, '', where, values, problems);
    }
  }

  const env = sources.env ?? {};
  const known = new Set(CONFIG_FIELDS.flatMap((f) => (f.env ? [f.env] : [])));
  for (const name of Object.keys(env)) {
    if (name.startsWith('MODELWATCH_') && !known.has(name) && !IGNORED_ENV.has(name)) {
      problems.push(`${name}: unknown setting; the known ones are listed in docs (CONFIG_FIELDS), e.g. "${nearest(name, [...known])}"`);
    }
  }
  for (const field of CONFIG_FIELDS) {
    if (!field.env) continue;
    const raw = env[field.env];
    if (raw === undefined || raw === '') continue;
    values.set(field.path, fromEnv(field, raw));
  }

  const typed = new Map<string, unknown>();
  for (const field of CONFIG_FIELDS) {
    const value = values.get(field.path);
    if (value === undefined) continue;
    const checked = check(field, value, problems);
    if (checked !== undefined) typed.set(field.path, checked);
  }
  const users = parseUsers(typed.get('sql_endpoint.users'), problems);
  const driftFdr = parseFdr(typed.get('metrics.drift_fdr'), 'metrics.drift_fdr (MODELWATCH_METRICS_DRIFT_FDR)', problems) ?? 0.05;
  const modelOverrides = parseModelOverrides(typed.get('metrics.models'), problems);
  const slackUsers = parseSlackUsers(typed.get('alerts.slack.users'), problems);
  const apiClients = parseApiClients(typed.get('alerts.api.tokens'), problems);
  if (problems.length > 0) throw new ConfigError(problems);

  const get = <T>(path: string): T => typed.get(path) as T;
  return {
    dataDir: get('data_dir'),
    targets: get('targets'),
    log: { level: get('log.level') },
    kafka: {
      brokers: get('kafka.brokers'),
      clientId: get('kafka.client_id'),
      topicPrefix: get('kafka.topic_prefix'),
      groupPrefix: get<string | undefined>('kafka.group_prefix') ?? groupPrefixFor(get('kafka.topic_prefix')),
      topicPartitions: get('kafka.topic_partitions'),
      replicationFactor: get('kafka.replication_factor'),
    },
    schemaRegistry: optional({ url: get<string | undefined>('schema_registry.url') }),
    clickhouse: {
      ...optional({ url: get<string | undefined>('clickhouse.url') }),
      user: get('clickhouse.user'),
      password: get('clickhouse.password'),
      database: get('clickhouse.database'),
    },
    sqlEndpoint: { host: get('sql_endpoint.host'), port: get('sql_endpoint.port'), users },
    http: { host: get('http.host'), port: get('http.port') },
    ingest: {
      maxEventBytes: get('ingest.max_event_bytes'),
      maxBatchBytes: get('ingest.max_batch_bytes'),
      maxWaitMs: get('ingest.max_wait_ms'),
      partitionsConcurrently: get('ingest.partitions_concurrently'),
      sessionTimeoutMs: get('ingest.session_timeout_ms'),
    },
    metrics: {
      windowMs: get('metrics.window_ms'),
      allowedLatenessMs: get('metrics.allowed_lateness_ms'),
      idleTimeoutMs: get('metrics.idle_timeout_ms'),
      maxFutureSkewMs: get('metrics.max_future_skew_ms'),
      flushIntervalMs: get('metrics.flush_interval_ms'),
      referenceWindowMs: get('metrics.reference_window_ms'),
      rollingReferenceMs: get('metrics.rolling_reference_ms'),
      numericDriftMethod: get('metrics.numeric_drift_method'),
      categoricalDriftMethod: get('metrics.categorical_drift_method'),
      driftFdr,
      models: modelOverrides,
    },
    alerts: {
      ...optional({ rulesFile: get<string | undefined>('alerts.rules_file'), routingFile: get<string | undefined>('alerts.routing_file') }),
      escalationAfterMs: get('alerts.escalation_after_ms'),
      checkCron: get('alerts.check_cron'),
      digestCron: get('alerts.digest_cron'),
      deliveryTimeoutMs: get('alerts.delivery_timeout_ms'),
      slack: {
        ...optional({
          botToken: get<string | undefined>('alerts.slack.bot_token'),
          signingSecret: get<string | undefined>('alerts.slack.signing_secret'),
          apiUrl: get<string | undefined>('alerts.slack.api_url'),
        }),
        channel: get('alerts.slack.channel'),
        host: get('alerts.slack.host'),
        port: get('alerts.slack.port'),
        users: slackUsers,
        defaultRole: get('alerts.slack.default_role'),
      },
      email: {
        ...optional({
          smtpHost: get<string | undefined>('alerts.email.smtp_host'),
          smtpUser: get<string | undefined>('alerts.email.smtp_user'),
          smtpPassword: get<string | undefined>('alerts.email.smtp_password'),
          to: get<readonly string[] | undefined>('alerts.email.to'),
          digestTo: get<readonly string[] | undefined>('alerts.email.digest_to'),
        }),
        smtpPort: get('alerts.email.smtp_port'),
        smtpSecure: get('alerts.email.smtp_secure'),
        from: get('alerts.email.from'),
      },
      pagerduty: { ...optional({ routingKey: get<string | undefined>('alerts.pagerduty.routing_key') }), url: get('alerts.pagerduty.url') },
      webhook: optional({ url: get<string | undefined>('alerts.webhook.url'), secret: get<string | undefined>('alerts.webhook.secret') }),
      api: { host: get('alerts.api.host'), port: get('alerts.api.port'), clients: apiClients },
    },
  };
}

/** Variables that belong to modelwatch's tools rather than to a running service. */
const IGNORED_ENV = new Set(['MODELWATCH_CONFIG']);

function optional<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function readFile(obj: Raw, prefix: string, where: string, values: Map<string, unknown>, problems: string[]): void {
  for (const [key, value] of Object.entries(obj)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (CONFIG_FIELDS.some((f) => f.path === path)) {
      values.set(path, value);
    } else if (CONFIG_FIELDS.some((f) => f.path.startsWith(`${path}.`))) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        problems.push(`${where}: "${path}" must be a mapping with keys such as ${childKeys(path)}`);
      } else {
        readFile(value as Raw, path, where, values, problems);
      }
    } else {
      const siblings = CONFIG_FIELDS.map((f) => f.path).filter((p) => p.startsWith(prefix));
      problems.push(`${where}: unknown key "${path}"; did you mean "${nearest(path, siblings)}"?`);
    }
  }
}

function childKeys(path: string): string {
  return CONFIG_FIELDS.filter((f) => f.path.startsWith(`${path}.`))
    .map((f) => `"${f.path.slice(path.length + 1)}"`)
    .join(', ');
}

function fromEnv(field: ConfigField, raw: string): unknown {
  if (field.type === 'string-list') return raw.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (field.type === 'integer') return raw.trim() === '' ? raw : Number(raw);
  if (field.type === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
  return raw;
}

function check(field: ConfigField, value: unknown, problems: string[]): unknown {
  const name = field.env ? `${field.path} (${field.env})` : field.path;
  // Secrets are never shown, nor credentials written into a URL.
  const describe = (v: unknown): string =>
    field.secret ? 'a value of the wrong kind (not shown: it is secret)' : describeValue(typeof v === 'string' ? v.replace(/\/\/[^/@\s]*@/, '//***@') : v);
  switch (field.type) {
    case 'string':
      if (typeof value === 'string') return value;
      problems.push(`${name}: expected text, got ${describe(value)}`);
      return undefined;
    case 'enum':
      if (typeof value === 'string' && field.values?.includes(value)) return value;
      problems.push(`${name}: expected one of ${field.values?.join(', ')}, got ${describe(value)}`);
      return undefined;
    case 'url':
      if (typeof value === 'string') {
        try {
          const url = new URL(value);
          if (url.protocol === 'http:' || url.protocol === 'https:') return value.replace(/\/+$/, '');
        } catch {
          // reported below
        }
      }
      problems.push(`${name}: expected an http:// or https:// URL such as http://127.0.0.1:8081, got ${describe(value)}`);
      return undefined;
    case 'integer': {
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        problems.push(`${name}: expected a whole number, got ${describe(value)}`);
        return undefined;
      }
      if ((field.min !== undefined && value < field.min) || (field.max !== undefined && value > field.max)) {
        problems.push(`${name}: ${value} is outside ${field.min} to ${field.max}`);
        return undefined;
      }
      return value;
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      problems.push(`${name}: expected true or false, got ${describe(value)}`);
      return undefined;
    case 'string-list':
      if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string' && v.length > 0)) return value;
      problems.push(`${name}: expected a non-empty list of names (comma separated in the environment), got ${describe(value)}`);
      return undefined;
    case 'list':
      if (Array.isArray(value)) return value;
      problems.push(`${name}: expected a list, got ${describe(value)}`);
      return undefined;
  }
}

function parseUsers(value: unknown, problems: string[]): SqlEndpointUser[] {
  if (!Array.isArray(value)) return [];
  const users: SqlEndpointUser[] = [];
  value.forEach((u: unknown, i) => {
    const where = `sql_endpoint.users[${i}]`;
    if (typeof u !== 'object' || u === null) {
      problems.push(`${where}: expected { name, password_sha256, readonly }`);
      return;
    }
    const { name, password_sha256: hash, readonly, ...rest } = u as Raw;
    if (typeof name !== 'string' || !/^[A-Za-z0-9_.-]{1,64}$/.test(name)) {
      problems.push(`${where}.name: expected a user name of letters, digits, "_", "." or "-"`);
      return;
    }
    if (hash !== undefined && (typeof hash !== 'string' || !/^[0-9a-f]{64}$/.test(hash))) {
      problems.push(`${where}.password_sha256: expected 64 lowercase hex digits (echo -n PASSWORD | sha256sum)`);
      return;
    }
    if (readonly !== undefined && typeof readonly !== 'boolean') {
      problems.push(`${where}.readonly: expected true or false`);
      return;
    }
    for (const key of Object.keys(rest)) problems.push(`${where}: unknown key "${key}"; the keys are name, password_sha256, readonly`);
    users.push({ name, ...(hash === undefined ? {} : { passwordSha256: hash as string }), readonly: readonly ?? true });
  });
  return users;
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}...` : value);
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'a mapping' : String(value);
}

