/** Why a dev-stack operation failed; lets callers react to, say, a taken port without parsing text. */
export type DevStackErrorCode =
  /** A port is held by a process not started from this data dir. */
  | 'port-in-use'
  /** Ours runs already, on other ports than asked for. */
  | 'port-mismatch'
  | 'java-missing'
  | 'maven-failed'
  | 'setup-failed'
  | 'start-failed'
  | 'start-timeout'
  | 'lock-timeout';

/** Every failure of @modelwatch/dev-stack. The message is meant for a human and says what to do. */
export class DevStackError extends Error {
  readonly code: DevStackErrorCode;
  /** For 'port-in-use': the port that is taken. */
  readonly port?: number;

  constructor(code: DevStackErrorCode, message: string, options?: { cause?: unknown; port?: number }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DevStackError';
    this.code = code;
    if (options?.port !== undefined) this.port = options.port;
  }
}
