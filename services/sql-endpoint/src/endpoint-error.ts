import { ErrorCode, type ErrorCodeName } from './error-codes.ts';
import { httpStatusForException } from './http-status.ts';

/**
 * An exception as ClickHouse reports it over HTTP: a numeric code, its name, a message. Both
 * the endpoint's own refusals and the engine's errors end up as one of these.
 */
export class EndpointError extends Error {
  readonly code: number;
  readonly type: string;

  constructor(name: ErrorCodeName, message: string);
  constructor(code: number, type: string, message: string);
  constructor(codeOrName: number | ErrorCodeName, typeOrMessage: string, message?: string) {
    const code = typeof codeOrName === 'number' ? codeOrName : ErrorCode[codeOrName];
    const type = typeof codeOrName === 'number' ? typeOrMessage : codeOrName;
    super(typeof codeOrName === 'number' ? (message ?? '') : typeOrMessage);
    this.name = 'EndpointError';
    this.code = code;
    this.type = type;
  }

  get httpStatus(): number {
    return httpStatusForException(this.code);
  }

  /** `Code: 60. DB::Exception: <message>. (UNKNOWN_TABLE) (version 26.7.2.1)`, as ClickHouse writes it. */
  toClickHouseText(version: string): string {
    const message = this.message.trimEnd();
    return `Code: ${this.code}. DB::Exception: ${message} (${this.type}) (version ${version})`;
  }
}

/**
 * The engine's errors arrive from @clickhouse/client as a ClickHouseError whose `code` is the
 * number as a string and `type` its name. Anything else is an internal failure.
 */
export function toEndpointError(error: unknown): EndpointError {
  if (error instanceof EndpointError) return error;
  if (error instanceof Error) {
    const { code, type } = error as Error & { code?: unknown; type?: unknown };
    if (typeof code === 'string' && /^\d+$/.test(code) && typeof type === 'string' && type.length > 0) {
      return new EndpointError(Number(code), type, error.message);
    }
    const parsed = /Code: (\d+)\. DB::Exception: (.*) \(([A-Z0-9_]+)\)/s.exec(error.message);
    if (parsed) return new EndpointError(Number(parsed[1]), parsed[3]!, parsed[2]!);
    return new EndpointError('UNKNOWN_EXCEPTION', error.message);
  }
  return new EndpointError('UNKNOWN_EXCEPTION', String(error));
}

/**
 * The same error with the statement positions in its message moved back by `by` characters:
 * for a statement the endpoint ran with text of its own in front.
 */
export function withPositionsShifted(error: EndpointError, by: number): EndpointError {
  const message = error.message.replace(/position (\d+)/g, (_m, at: string) => `position ${Math.max(1, Number(at) - by)}`);
  return message === error.message ? error : new EndpointError(error.code, error.type, message);
}
