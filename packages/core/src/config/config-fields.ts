import { CATEGORICAL_DRIFT_METHODS, NUMERIC_DRIFT_METHODS } from '../monitoring/monitoring-options.ts';

/**
 * Every setting modelwatch reads, in one table: where it lives in the config file, the
 * environment variable that overrides it, its type and default. The loader, the docs and the
 * compose-file test all read this table, so a setting cannot exist in one place only.
 */
export type FieldType = 'string' | 'integer' | 'boolean' | 'string-list' | 'url' | 'enum' | 'list';

export interface ConfigField {
  /** Dotted path in the config file, snake_case, e.g. `kafka.topic_prefix`. */
  readonly path: string;
  /** Environment variable that overrides the file; absent for settings only a file can hold. */
  readonly env?: string;
  readonly type: FieldType;
  readonly default?: string | number | boolean | readonly string[] | readonly unknown[];
  readonly min?: number;
  readonly max?: number;
  readonly values?: readonly string[];
  /** Never printed: logs, errors and `modelwatch config` show it as `***`. */
  readonly secret?: boolean;
  readonly doc: string;
}

export const CONFIG_FIELDS: readonly ConfigField[] = [
  { path: 'data_dir', env: 'MODELWATCH_DATA_DIR', type: 'string', default: '.modelwatch', doc: 'Folder for the embedded warehouse and the local Kafka and registry.' },
  { path: 'targets', env: 'MODELWATCH_TARGETS', type: 'string-list', default: ['all'], doc: 'Services this process runs (`all`, or a comma list such as `ingest`).' },
  { path: 'log.level', env: 'MODELWATCH_LOG_LEVEL', type: 'enum', values: ['debug', 'info', 'warn', 'error'], default: 'info', doc: 'Lowest level written to stderr.' },

  { path: 'kafka.brokers', env: 'MODELWATCH_KAFKA_BROKERS', type: 'string-list', default: ['127.0.0.1:9092'], doc: 'Bootstrap brokers, host:port, comma separated.' },
  { path: 'kafka.client_id', env: 'MODELWATCH_KAFKA_CLIENT_ID', type: 'string', default: 'modelwatch', doc: 'Kafka client id.' },
  { path: 'kafka.topic_prefix', env: 'MODELWATCH_TOPIC_PREFIX', type: 'string', default: 'modelwatch.', doc: 'Prefix of every topic name (`modelwatch.inference`, ...).' },
  { path: 'kafka.group_prefix', env: 'MODELWATCH_GROUP_PREFIX', type: 'string', doc: 'Prefix of consumer group ids (`modelwatch-ingest`, ...). Unset, it follows kafka.topic_prefix, whose trailing "." becomes "-" (a trailing "-" becomes "."): instances with different topic prefixes get different groups, and the default topic prefix keeps the groups `modelwatch-ingest`, ... and their committed offsets. Set it to share groups on purpose; a deployment with another topic prefix that ran with `modelwatch-` groups sets `modelwatch-` to keep them.' },
  { path: 'kafka.topic_partitions', env: 'MODELWATCH_TOPIC_PARTITIONS', type: 'integer', min: 1, max: 10000, default: 6, doc: 'Partitions for topics modelwatch creates itself.' },
  { path: 'kafka.replication_factor', env: 'MODELWATCH_REPLICATION_FACTOR', type: 'integer', min: 1, max: 15, default: 1, doc: 'Replication factor for topics modelwatch creates itself.' },

  { path: 'schema_registry.url', env: 'MODELWATCH_SCHEMA_REGISTRY_URL', type: 'url', doc: 'Confluent-compatible schema registry for Avro events; JSON events need none.' },

  { path: 'clickhouse.url', env: 'MODELWATCH_CLICKHOUSE_URL', type: 'url', doc: 'ClickHouse server; when unset, the embedded chDB warehouse under data_dir is used.' },
  { path: 'clickhouse.user', env: 'MODELWATCH_CLICKHOUSE_USER', type: 'string', default: 'default', doc: 'ClickHouse user for the server.' },
  { path: 'clickhouse.password', env: 'MODELWATCH_CLICKHOUSE_PASSWORD', type: 'string', default: '', secret: true, doc: 'ClickHouse password for the server.' },
  { path: 'clickhouse.database', env: 'MODELWATCH_CLICKHOUSE_DATABASE', type: 'string', default: 'modelwatch', doc: 'Database holding modelwatch tables.' },

  { path: 'sql_endpoint.host', env: 'MODELWATCH_SQL_HOST', type: 'string', default: '127.0.0.1', doc: 'Address of the ClickHouse-compatible HTTP endpoint (embedded mode).' },
  { path: 'sql_endpoint.port', env: 'MODELWATCH_SQL_PORT', type: 'integer', min: 0, max: 65535, default: 8123, doc: 'Port of the ClickHouse-compatible HTTP endpoint (0 picks a free port).' },
  { path: 'sql_endpoint.users', type: 'list', default: [], doc: 'Users of the SQL endpoint: `{ name, password_sha256, readonly }`; none configured means `default` without a password, loopback only.' },

  { path: 'http.host', env: 'MODELWATCH_HTTP_HOST', type: 'string', default: '127.0.0.1', doc: 'Address of /metrics, /healthz and /readyz.' },
  { path: 'http.port', env: 'MODELWATCH_HTTP_PORT', type: 'integer', min: 0, max: 65535, default: 9464, doc: 'Port of /metrics, /healthz and /readyz (0 picks a free port).' },

  { path: 'ingest.max_event_bytes', env: 'MODELWATCH_INGEST_MAX_EVENT_BYTES', type: 'integer', min: 1024, max: 16 * 1024 * 1024, default: 512 * 1024, doc: 'Records larger than this go to the DLQ as oversized.' },
  { path: 'ingest.max_batch_bytes', env: 'MODELWATCH_INGEST_MAX_BATCH_BYTES', type: 'integer', min: 65536, max: 256 * 1024 * 1024, default: 16 * 1024 * 1024, doc: 'Bytes fetched per partition per batch; one batch becomes one insert.' },
  { path: 'ingest.max_wait_ms', env: 'MODELWATCH_INGEST_MAX_WAIT_MS', type: 'integer', min: 0, max: 60000, default: 500, doc: 'How long a fetch waits to fill a batch before it is written anyway.' },
  { path: 'ingest.session_timeout_ms', env: 'MODELWATCH_INGEST_SESSION_TIMEOUT_MS', type: 'integer', min: 6000, max: 300000, default: 30000, doc: 'Consumer group session timeout: how long a dead ingest process holds its partitions.' },
  { path: 'ingest.partitions_concurrently', env: 'MODELWATCH_INGEST_PARTITIONS_CONCURRENTLY', type: 'integer', min: 1, max: 256, default: 2, doc: 'Partitions processed at once by one ingest process.' },

  { path: 'metrics.window_ms', env: 'MODELWATCH_METRICS_WINDOW_MS', type: 'integer', min: 1000, max: 86_400_000, default: 60_000, doc: 'Length of the base event-time window; 5-minute, hourly and daily views are merges of these.' },
  { path: 'metrics.allowed_lateness_ms', env: 'MODELWATCH_METRICS_ALLOWED_LATENESS_MS', type: 'integer', min: 0, max: 86_400_000, default: 120_000, doc: 'How long after its end a window stays open for late events; later events correct it.' },
  { path: 'metrics.idle_timeout_ms', env: 'MODELWATCH_METRICS_IDLE_TIMEOUT_MS', type: 'integer', min: 1000, max: 3_600_000, default: 60_000, doc: 'A partition silent this long stops holding the watermark back.' },
  { path: 'metrics.max_future_skew_ms', env: 'MODELWATCH_METRICS_MAX_FUTURE_SKEW_MS', type: 'integer', min: 0, max: 86_400_000, default: 300_000, doc: 'Event times further ahead of the clock than this do not move the watermark (a producer with a wrong clock cannot close every window).' },
  { path: 'metrics.flush_interval_ms', env: 'MODELWATCH_METRICS_FLUSH_INTERVAL_MS', type: 'integer', min: 100, max: 600_000, default: 2_000, doc: 'How often closed windows are written, checkpointed and evaluated.' },
  { path: 'metrics.reference_window_ms', env: 'MODELWATCH_METRICS_REFERENCE_WINDOW_MS', type: 'integer', min: 60_000, max: 30 * 86_400_000, default: 3_600_000, doc: 'A model version without an uploaded reference gets one from its first this-many milliseconds of traffic (event time).' },
  { path: 'metrics.rolling_reference_ms', env: 'MODELWATCH_METRICS_ROLLING_REFERENCE_MS', type: 'integer', min: 0, max: 30 * 86_400_000, default: 0, doc: 'When above 0, each model version\'s reference is refitted on its previous this-many milliseconds of traffic (event time) whenever that much has passed; 0 keeps the uploaded or first-traffic reference.' },
  { path: 'metrics.numeric_drift_method', env: 'MODELWATCH_METRICS_NUMERIC_DRIFT_METHOD', type: 'enum', values: NUMERIC_DRIFT_METHODS, default: 'ks', doc: 'Statistic that decides drift of numeric features (a model may override it).' },
  { path: 'metrics.categorical_drift_method', env: 'MODELWATCH_METRICS_CATEGORICAL_DRIFT_METHOD', type: 'enum', values: CATEGORICAL_DRIFT_METHODS, default: 'chi_square', doc: 'Statistic that decides drift of categorical features (a model may override it).' },
  { path: 'metrics.drift_fdr', env: 'MODELWATCH_METRICS_DRIFT_FDR', type: 'string', default: '0.05', doc: 'False-discovery rate across a model\'s features for drift tests (Benjamini-Hochberg), between 0 and 1.' },
  { path: 'metrics.models', type: 'list', default: [], doc: 'Per-model overrides: `{ model, numeric_drift_method, categorical_drift_method, drift_fdr, min_sample_size, rolling_reference_ms }`.' },

  { path: 'alerts.rules_file', env: 'MODELWATCH_ALERTS_RULES_FILE', type: 'string', doc: 'YAML file of alert rules (`rules:`); loaded at start and recorded on the control log. Without it, and without rules on the log, the default rules apply.' },
  { path: 'alerts.routing_file', env: 'MODELWATCH_ALERTS_ROUTING_FILE', type: 'string', doc: 'YAML file with `route`, `inhibit_rules` and `receivers` (Alertmanager\'s shape). Without it every alert goes to one receiver with every configured channel, critical alerts escalate to PagerDuty.' },
  { path: 'alerts.escalation_after_ms', env: 'MODELWATCH_ALERTS_ESCALATION_AFTER_MS', type: 'integer', min: 0, max: 7 * 86_400_000, default: 900_000, doc: 'Default routing: a critical alert group not acknowledged this long after its first notification is escalated to PagerDuty (0 turns escalation off).' },
  { path: 'alerts.check_cron', env: 'MODELWATCH_ALERTS_CHECK_CRON', type: 'string', default: '* * * * *', doc: 'When the no-data and labels-overdue rules are checked (cron, UTC).' },
  { path: 'alerts.digest_cron', env: 'MODELWATCH_ALERTS_DIGEST_CRON', type: 'string', default: '0 8 * * *', doc: 'When the daily model-health digest is mailed (cron, UTC); needs alerts.email.digest_to.' },
  { path: 'alerts.delivery_timeout_ms', env: 'MODELWATCH_ALERTS_DELIVERY_TIMEOUT_MS', type: 'integer', min: 100, max: 300_000, default: 10_000, doc: 'Deadline of one delivery attempt to a channel; a timed-out attempt is retried with backoff.' },
  { path: 'alerts.slack.bot_token', env: 'MODELWATCH_SLACK_BOT_TOKEN', type: 'string', secret: true, doc: 'Slack bot token (xoxb-...); with the signing secret it turns the Slack channel and bot on.' },
  { path: 'alerts.slack.signing_secret', env: 'MODELWATCH_SLACK_SIGNING_SECRET', type: 'string', secret: true, doc: 'Slack signing secret: requests to the bot must carry its signature.' },
  { path: 'alerts.slack.api_url', env: 'MODELWATCH_SLACK_API_URL', type: 'url', doc: 'Slack Web API base, e.g. https://slack.com/api/ (default); for tests and proxies.' },
  { path: 'alerts.slack.channel', env: 'MODELWATCH_SLACK_CHANNEL', type: 'string', default: '#modelwatch-alerts', doc: 'Channel of the default receiver.' },
  { path: 'alerts.slack.host', env: 'MODELWATCH_SLACK_HOST', type: 'string', default: '127.0.0.1', doc: 'Address the bot listens on for Slack\'s requests (/slack/events).' },
  { path: 'alerts.slack.port', env: 'MODELWATCH_SLACK_PORT', type: 'integer', min: 0, max: 65535, default: 3000, doc: 'Port of the bot (0 picks a free port).' },
  { path: 'alerts.slack.users', type: 'list', default: [], doc: 'Slack users and their modelwatch roles: `{ slack_user: U0123, role: viewer | oncall | admin }`.' },
  { path: 'alerts.slack.default_role', env: 'MODELWATCH_SLACK_DEFAULT_ROLE', type: 'enum', values: ['none', 'viewer'], default: 'viewer', doc: 'Role of Slack users not listed in alerts.slack.users: viewer (may look) or none.' },
  { path: 'alerts.email.smtp_host', env: 'MODELWATCH_SMTP_HOST', type: 'string', doc: 'SMTP server; with alerts.email.to it turns email on.' },
  { path: 'alerts.email.smtp_port', env: 'MODELWATCH_SMTP_PORT', type: 'integer', min: 1, max: 65535, default: 587, doc: 'SMTP port.' },
  { path: 'alerts.email.smtp_secure', env: 'MODELWATCH_SMTP_SECURE', type: 'boolean', default: false, doc: 'TLS from the start (port 465); otherwise STARTTLS when the server offers it.' },
  { path: 'alerts.email.smtp_user', env: 'MODELWATCH_SMTP_USER', type: 'string', doc: 'SMTP user.' },
  { path: 'alerts.email.smtp_password', env: 'MODELWATCH_SMTP_PASSWORD', type: 'string', secret: true, doc: 'SMTP password.' },
  { path: 'alerts.email.from', env: 'MODELWATCH_EMAIL_FROM', type: 'string', default: 'modelwatch@localhost', doc: 'Sender address.' },
  { path: 'alerts.email.to', env: 'MODELWATCH_EMAIL_TO', type: 'string-list', doc: 'Recipients of the default receiver.' },
  { path: 'alerts.email.digest_to', env: 'MODELWATCH_EMAIL_DIGEST_TO', type: 'string-list', doc: 'Recipients of the daily model-health digest.' },
  { path: 'alerts.pagerduty.routing_key', env: 'MODELWATCH_PAGERDUTY_ROUTING_KEY', type: 'string', secret: true, doc: 'PagerDuty Events API v2 integration key; turns PagerDuty on (escalation of critical groups in the default routing).' },
  { path: 'alerts.pagerduty.url', env: 'MODELWATCH_PAGERDUTY_URL', type: 'url', default: 'https://events.pagerduty.com/v2/enqueue', doc: 'PagerDuty Events API v2 endpoint.' },
  { path: 'alerts.webhook.url', env: 'MODELWATCH_WEBHOOK_URL', type: 'url', doc: 'A webhook of the default receiver (JSON, Alertmanager v4 shape).' },
  { path: 'alerts.webhook.secret', env: 'MODELWATCH_WEBHOOK_SECRET', type: 'string', secret: true, doc: 'Key of the webhook\'s HMAC-SHA256 signature header.' },
  { path: 'alerts.api.tokens', type: 'list', default: [], doc: 'Clients of the alerts API: `{ name, token_sha256, role: viewer | oncall | admin }` (hex SHA-256 of the bearer token).' },
  { path: 'alerts.api.host', env: 'MODELWATCH_ALERTS_API_HOST', type: 'string', default: '127.0.0.1', doc: 'Address of the alerts API (/api/v1/rules, /alerts, /silences).' },
  { path: 'alerts.api.port', env: 'MODELWATCH_ALERTS_API_PORT', type: 'integer', min: 0, max: 65535, default: 9465, doc: 'Port of the alerts API (0 picks a free port).' },
];
