import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { AuthenticatedUser } from './authenticate.ts';
import { EndpointError } from './endpoint-error.ts';

/**
 * Settings the endpoint puts on every request's session. A read-only user may lower them in
 * the URL but not raise or remove them; other users may change them freely.
 */
export interface EndpointLimits {
  /** Seconds a query may run (`max_execution_time`). */
  readonly maxExecutionTimeSeconds: number;
  /** Memory one query may use (`max_memory_usage`), in bytes; 0 for no limit. */
  readonly maxMemoryUsageBytes: number;
  /** Size of a result before formatting (`max_result_bytes`), in bytes; 0 for no limit. */
  readonly maxResultBytes: number;
}

/** What a request asks for, from its URL parameters and headers. */
export interface RequestPlan {
  /** The `query` URL parameter, if any. */
  readonly query: string | undefined;
  readonly database: string | undefined;
  readonly defaultFormat: string;
  readonly queryId: string;
  /** ClickHouse settings to SET on the request's session, in order. */
  readonly settings: ReadonlyArray<readonly [name: string, value: string]>;
  /** `param_<name>` values, in ClickHouse's escaped text form. */
  readonly queryParameters: ReadonlyArray<readonly [name: string, value: string]>;
  /** Set last on the session: 1 for read-only users, 2 for GET, or what the URL asked. */
  readonly readonly: 0 | 1 | 2;
  readonly httpCompression: boolean;
  readonly compressionLevel: number;
  readonly cors: boolean;
  /** The client's native protocol revision (`client_protocol_version`), for Native output; 0 if none. */
  readonly clientProtocolVersion: number;
}

/** URL parameters that are not settings (ClickHouse's `reserved_param_names`, plus the query and auth). */
const IGNORED = new Set(['user', 'password', 'quota_key', 'stacktrace', 'buffer_size', 'wait_end_of_query', 'session_timeout', 'session_check', 'close_session', 'client_protocol_version']);

/** Settings of ClickHouse's HTTP layer: the endpoint acts on the ones it supports and never SETs them on the engine. */
const HTTP_SETTINGS = new Set([
  'enable_http_compression',
  'http_zlib_compression_level',
  'add_http_cors_header',
  'send_progress_in_http_headers',
  'http_headers_progress_interval_ms',
  'http_response_buffer_size',
  'http_wait_end_of_query',
  'http_native_compression_disable_checksumming_on_decompress',
  'cancel_http_readonly_queries_on_client_close',
  'http_write_exception_in_output_format',
  'default_format',
]);

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Settings a read-only user may set in the URL: limits, output and query-shaping settings that
 * client libraries and Grafana send. Everything else is refused by name: some settings name
 * files the engine would read or write (format_schema, format_template_*, output_format_schema).
 */
const READONLY_USER_SETTINGS = new Set([
  'max_execution_time',
  'max_memory_usage',
  'max_result_bytes',
  'max_result_rows',
  'result_overflow_mode',
  'max_rows_to_read',
  'max_bytes_to_read',
  'read_overflow_mode',
  'timeout_overflow_mode',
  'max_rows_to_group_by',
  'group_by_overflow_mode',
  'max_threads',
  'max_block_size',
  'extremes',
  'join_use_nulls',
  'session_timezone',
  'date_time_output_format',
  'enable_analyzer',
  'prefer_column_name_to_alias',
  'aggregate_functions_null_for_empty',
  'cast_keep_nullable',
  'optimize_move_to_prewhere',
]);

function readonlyUserMaySet(name: string): boolean {
  return READONLY_USER_SETTINGS.has(name) || (name.startsWith('output_format_') && name !== 'output_format_schema');
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === '' ? undefined : first;
}

function parseBool(value: string | null): boolean {
  if (value === null) return false;
  const v = value.trim().toLowerCase();
  return v === '1' || v === 'true' || v === 'yes' || v === 'on';
}

function limitSettings(limits: EndpointLimits): Map<string, number> {
  const map = new Map<string, number>();
  if (limits.maxExecutionTimeSeconds > 0) map.set('max_execution_time', limits.maxExecutionTimeSeconds);
  if (limits.maxMemoryUsageBytes > 0) map.set('max_memory_usage', limits.maxMemoryUsageBytes);
  if (limits.maxResultBytes > 0) map.set('max_result_bytes', limits.maxResultBytes);
  return map;
}

export function planRequest(options: {
  readonly params: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly method: string;
  readonly user: AuthenticatedUser;
  readonly limits: EndpointLimits;
}): RequestPlan {
  const { params, headers, method, user, limits } = options;
  for (const flag of ['compress', 'decompress'] as const) {
    if (parseBool(params.get(flag))) {
      throw new EndpointError(
        'NOT_IMPLEMENTED',
        `The '${flag}' parameter (ClickHouse's internal compression format) is not supported by the modelwatch SQL endpoint; use HTTP compression (enable_http_compression=1 with Accept-Encoding, or Content-Encoding on the request)`,
      );
    }
  }
  if (params.has('session_id')) {
    throw new EndpointError('NOT_IMPLEMENTED', 'HTTP sessions (session_id) are not supported by the modelwatch SQL endpoint: every request runs on a session of its own');
  }
  const role = params.get('role');
  if (role !== null) throw new EndpointError('UNKNOWN_ROLE', `There is no role \`${role}\` in user directories`);

  const ceilings = limitSettings(limits);
  const settings = new Map<string, string>([...ceilings].map(([k, v]) => [k, String(v)]));
  const queryParameters = new Map<string, string>();
  let requestedReadonly: number | undefined;
  for (const [key, value] of params) {
    if (key === '' || key === 'query' || key === 'database' || key === 'query_id' || key === 'role' || key === 'compress' || key === 'decompress') continue;
    if (IGNORED.has(key) || HTTP_SETTINGS.has(key)) continue;
    if (key.startsWith('param_')) {
      const name = key.slice('param_'.length);
      if (!NAME.test(name)) throw new EndpointError('BAD_ARGUMENTS', `Query parameter name '${name.slice(0, 64)}' is not an identifier`);
      if (!queryParameters.has(name)) queryParameters.set(name, value);
      continue;
    }
    if (!NAME.test(key)) throw new EndpointError('UNKNOWN_SETTING', `Unknown setting '${key.slice(0, 64)}'`);
    if (key === 'readonly') {
      const level = Number(value);
      if (!Number.isInteger(level) || level < 0 || level > 2) throw new EndpointError('CANNOT_PARSE_NUMBER', `Cannot parse readonly value '${value.slice(0, 16)}'`);
      requestedReadonly = level;
      continue;
    }
    if (user.readonly && !readonlyUserMaySet(key)) {
      throw new EndpointError('READONLY', `Setting ${key.slice(0, 64)} cannot be changed by read-only users of the modelwatch SQL endpoint (they may set limits such as max_execution_time, max_result_rows and max_threads, and output_format_* settings)`);
    }
    const ceiling = ceilings.get(key);
    if (user.readonly && ceiling !== undefined) {
      const requested = Number(value);
      if (!(requested > 0 && requested <= ceiling)) {
        throw new EndpointError('SETTING_CONSTRAINT_VIOLATION', `Setting ${key} shouldn't be greater than ${ceiling} (or zero) for read-only users of the modelwatch SQL endpoint`);
      }
    }
    settings.delete(key);
    settings.set(key, value);
  }

  let readonly: 0 | 1 | 2;
  if (user.readonly) {
    if (requestedReadonly !== undefined && requestedReadonly !== 1) {
      throw new EndpointError('READONLY', "Cannot modify 'readonly' setting in readonly mode");
    }
    readonly = 1;
  } else {
    readonly = (requestedReadonly ?? 0) as 0 | 1 | 2;
  }
  // As in ClickHouse: only read-only queries over GET.
  if (method === 'GET' && readonly === 0) readonly = 2;

  const level = Number(params.get('http_zlib_compression_level') ?? 3);
  return {
    query: params.get('query') ?? undefined,
    database: header(headers, 'x-clickhouse-database') ?? params.get('database') ?? undefined,
    defaultFormat: header(headers, 'x-clickhouse-format') ?? params.get('default_format') ?? 'TabSeparated',
    queryId: params.get('query_id') || header(headers, 'x-clickhouse-query-id') || randomUUID(),
    settings: [...settings],
    queryParameters: [...queryParameters],
    readonly,
    httpCompression: parseBool(params.get('enable_http_compression')),
    compressionLevel: Number.isInteger(level) && level >= 1 && level <= 9 ? level : 3,
    cors: parseBool(params.get('add_http_cors_header')) && header(headers, 'origin') !== undefined,
    clientProtocolVersion: parseRevision(params.get('client_protocol_version')),
  };
}

function parseRevision(value: string | null): number {
  if (value === null || value.trim() === '') return 0;
  const revision = Number(value);
  if (!Number.isSafeInteger(revision) || revision < 0) throw new EndpointError('CANNOT_PARSE_NUMBER', `Cannot parse client_protocol_version '${value.slice(0, 24)}'`);
  return revision;
}
