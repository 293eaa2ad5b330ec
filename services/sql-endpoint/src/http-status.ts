import { ErrorCode } from './error-codes.ts';

/**
 * The HTTP status ClickHouse's HTTP interface sends for an exception code. Transcribed from
 * `exceptionCodeToHTTPStatus()` in ClickHouse/ClickHouse `src/Server/HTTP/exceptionCodeToHTTPStatus.cpp`
 * (the function HTTPHandler calls): every code not listed there is a 500.
 */
const STATUS_BY_CODE = new Map<number, number>();

function map(status: number, codes: readonly number[]): void {
  for (const code of codes) STATUS_BY_CODE.set(code, status);
}

map(401, [ErrorCode.REQUIRED_PASSWORD]);
map(403, [ErrorCode.UNKNOWN_USER, ErrorCode.WRONG_PASSWORD, ErrorCode.AUTHENTICATION_FAILED, ErrorCode.SET_NON_GRANTED_ROLE, ErrorCode.ACCESS_DENIED]);
map(400, [
  ErrorCode.BAD_ARGUMENTS,
  ErrorCode.CANNOT_COMPILE_REGEXP,
  ErrorCode.CANNOT_PARSE_TEXT,
  ErrorCode.CANNOT_PARSE_ESCAPE_SEQUENCE,
  ErrorCode.CANNOT_PARSE_QUOTED_STRING,
  ErrorCode.CANNOT_PARSE_DATE,
  ErrorCode.CANNOT_PARSE_DATETIME,
  ErrorCode.CANNOT_PARSE_NUMBER,
  ErrorCode.CANNOT_PARSE_DOMAIN_VALUE_FROM_STRING,
  ErrorCode.CANNOT_PARSE_IPV4,
  ErrorCode.CANNOT_PARSE_IPV6,
  ErrorCode.CANNOT_PARSE_INPUT_ASSERTION_FAILED,
  ErrorCode.CANNOT_PARSE_UUID,
  ErrorCode.DUPLICATE_COLUMN,
  ErrorCode.ILLEGAL_COLUMN,
  ErrorCode.UNKNOWN_ELEMENT_IN_AST,
  ErrorCode.UNKNOWN_TYPE_OF_AST_NODE,
  ErrorCode.THERE_IS_NO_COLUMN,
  ErrorCode.TOO_DEEP_AST,
  ErrorCode.TOO_BIG_AST,
  ErrorCode.UNEXPECTED_AST_STRUCTURE,
  ErrorCode.SYNTAX_ERROR,
  ErrorCode.INCORRECT_DATA,
  ErrorCode.TYPE_MISMATCH,
  ErrorCode.VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE,
]);
map(404, [
  ErrorCode.UNKNOWN_TABLE,
  ErrorCode.UNKNOWN_FUNCTION,
  ErrorCode.UNKNOWN_IDENTIFIER,
  ErrorCode.UNKNOWN_TYPE,
  ErrorCode.UNKNOWN_STORAGE,
  ErrorCode.UNKNOWN_DATABASE,
  ErrorCode.UNKNOWN_SETTING,
  ErrorCode.UNKNOWN_DIRECTION_OF_SORTING,
  ErrorCode.UNKNOWN_AGGREGATE_FUNCTION,
  ErrorCode.UNKNOWN_FORMAT,
  ErrorCode.UNKNOWN_DATABASE_ENGINE,
  ErrorCode.UNKNOWN_TYPE_OF_QUERY,
  ErrorCode.UNKNOWN_ROLE,
]);
map(413, [ErrorCode.QUERY_IS_TOO_LARGE]);
map(501, [ErrorCode.NOT_IMPLEMENTED]);
map(503, [ErrorCode.SOCKET_TIMEOUT, ErrorCode.CANNOT_OPEN_FILE, ErrorCode.CANNOT_SCHEDULE_TASK]);
map(411, [ErrorCode.HTTP_LENGTH_REQUIRED]);
map(408, [ErrorCode.TIMEOUT_EXCEEDED]);
map(415, [ErrorCode.UNSUPPORTED_MEDIA_TYPE]);

export function httpStatusForException(code: number): number {
  return STATUS_BY_CODE.get(code) ?? 500;
}
