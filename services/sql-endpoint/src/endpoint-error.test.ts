import { describe, expect, it } from 'vitest';
import { EndpointError, toEndpointError } from './endpoint-error.ts';

describe('EndpointError', () => {
  it('writes the ClickHouse exception text', () => {
    const error = new EndpointError('AUTHENTICATION_FAILED', 'bob: Authentication failed: password is incorrect, or there is no user with such name.');
    expect(error.code).toBe(516);
    expect(error.httpStatus).toBe(403);
    expect(error.toClickHouseText('26.7.2.1')).toBe(
      'Code: 516. DB::Exception: bob: Authentication failed: password is incorrect, or there is no user with such name. (AUTHENTICATION_FAILED) (version 26.7.2.1)',
    );
  });

  it('takes code and type from a @clickhouse/client ClickHouseError', () => {
    const fromClient = Object.assign(new Error("Unknown table expression identifier 'nope' in scope SELECT * FROM nope. "), {
      code: '60',
      type: 'UNKNOWN_TABLE',
    });
    const error = toEndpointError(fromClient);
    expect([error.code, error.type, error.httpStatus]).toEqual([60, 'UNKNOWN_TABLE', 404]);
    expect(error.toClickHouseText('v')).toBe(
      "Code: 60. DB::Exception: Unknown table expression identifier 'nope' in scope SELECT * FROM nope. (UNKNOWN_TABLE) (version v)",
    );
  });

  it('parses an exception text and falls back to UNKNOWN_EXCEPTION', () => {
    expect(toEndpointError(new Error('Code: 62. DB::Exception: Syntax error. (SYNTAX_ERROR)')).code).toBe(62);
    const other = toEndpointError(new Error('socket closed'));
    expect([other.code, other.type, other.httpStatus]).toEqual([1002, 'UNKNOWN_EXCEPTION', 500]);
  });
});
