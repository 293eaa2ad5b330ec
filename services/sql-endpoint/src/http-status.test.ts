import { describe, expect, it } from 'vitest';
import { httpStatusForException } from './http-status.ts';

describe('httpStatusForException', () => {
  it('maps codes the way ClickHouse HTTPHandler does', () => {
    expect(httpStatusForException(516)).toBe(403); // AUTHENTICATION_FAILED
    expect(httpStatusForException(194)).toBe(401); // REQUIRED_PASSWORD
    expect(httpStatusForException(62)).toBe(400); // SYNTAX_ERROR
    expect(httpStatusForException(60)).toBe(404); // UNKNOWN_TABLE
    expect(httpStatusForException(81)).toBe(404); // UNKNOWN_DATABASE
    expect(httpStatusForException(115)).toBe(404); // UNKNOWN_SETTING
    expect(httpStatusForException(229)).toBe(413); // QUERY_IS_TOO_LARGE
    expect(httpStatusForException(48)).toBe(501); // NOT_IMPLEMENTED
    expect(httpStatusForException(159)).toBe(408); // TIMEOUT_EXCEEDED
    expect(httpStatusForException(76)).toBe(503); // CANNOT_OPEN_FILE
  });

  it('sends 500 for every other code, READONLY included', () => {
    expect(httpStatusForException(164)).toBe(500);
    expect(httpStatusForException(241)).toBe(500);
    expect(httpStatusForException(1002)).toBe(500);
  });
});
