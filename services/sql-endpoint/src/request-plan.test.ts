import { describe, expect, it } from 'vitest';
import { planRequest, type EndpointLimits } from './request-plan.ts';

const limits: EndpointLimits = { maxExecutionTimeSeconds: 300, maxMemoryUsageBytes: 4 * 2 ** 30, maxResultBytes: 0 };
const admin = { name: 'default', readonly: false };
const analyst = { name: 'analyst', readonly: true };
const plan = (q: string, options: { method?: string; user?: typeof admin; headers?: Record<string, string> } = {}) =>
  planRequest({ params: new URLSearchParams(q), headers: options.headers ?? {}, method: options.method ?? 'POST', user: options.user ?? admin, limits });

describe('planRequest', () => {
  it('sorts URL parameters into query, parameters, settings and HTTP options', () => {
    const p = plan('query=SELECT+1&database=db&default_format=JSON&query_id=q1&param_id=7&max_result_rows=10&enable_http_compression=1&user=u&password=secret&wait_end_of_query=1');
    expect(p.query).toBe('SELECT 1');
    expect(p.database).toBe('db');
    expect(p.defaultFormat).toBe('JSON');
    expect(p.queryId).toBe('q1');
    expect(p.queryParameters).toEqual([['id', '7']]);
    expect(p.settings).toEqual([
      ['max_execution_time', '300'],
      ['max_memory_usage', String(4 * 2 ** 30)],
      ['max_result_rows', '10'],
    ]);
    expect(p.httpCompression).toBe(true);
    expect(p.readonly).toBe(0);
  });

  it('prefers the X-ClickHouse-* headers and defaults to TabSeparated', () => {
    const p = plan('database=a&default_format=CSV', { headers: { 'x-clickhouse-database': 'b', 'x-clickhouse-format': 'JSON', 'x-clickhouse-query-id': 'h' } });
    expect([p.database, p.defaultFormat, p.queryId]).toEqual(['b', 'JSON', 'h']);
    expect(plan('').defaultFormat).toBe('TabSeparated');
    expect(plan('').queryId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('makes GET read-only (2) and read-only users 1', () => {
    expect(plan('', { method: 'GET' }).readonly).toBe(2);
    expect(plan('readonly=1', { method: 'GET' }).readonly).toBe(1);
    expect(plan('', { user: analyst }).readonly).toBe(1);
    expect(plan('readonly=1', { user: analyst }).readonly).toBe(1);
    expect(() => plan('readonly=0', { user: analyst })).toThrow(/Cannot modify 'readonly'/);
    expect(() => plan('readonly=2', { user: analyst, method: 'GET' })).toThrow(/Cannot modify 'readonly'/);
  });

  it('lets read-only users lower the limits but not raise them', () => {
    expect(plan('max_execution_time=30', { user: analyst }).settings).toContainEqual(['max_execution_time', '30']);
    expect(() => plan('max_execution_time=3000', { user: analyst })).toThrow(/shouldn't be greater than 300/);
    expect(() => plan('max_execution_time=0', { user: analyst })).toThrow(/SETTING|greater/);
    expect(plan('max_execution_time=3000').settings).toContainEqual(['max_execution_time', '3000']);
  });

  it('refuses what the endpoint does not do, the way ClickHouse reports it', () => {
    expect(() => plan('compress=1')).toThrow(expect.objectContaining({ code: 48 }));
    expect(() => plan('session_id=abc')).toThrow(expect.objectContaining({ code: 48 }));
    expect(() => plan('role=admin')).toThrow(expect.objectContaining({ code: 511 }));
    expect(() => plan('max-threads=1')).toThrow(expect.objectContaining({ code: 115 }));
    expect(() => plan('param_a%20b=1')).toThrow(expect.objectContaining({ code: 36 }));
    expect(plan('compress=0').readonly).toBe(0);
  });
});
