/** Structured logs: one JSON object per line on stderr. Callers never pass secrets as fields. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger whose lines also carry `fields`, e.g. `{ service: 'ingest' }`. */
  child(fields: LogFields): Logger;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(options: { level?: LogLevel; fields?: LogFields; write?: (line: string) => void } = {}): Logger {
  const min = RANK[options.level ?? 'info'];
  const base = options.fields ?? {};
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const emit = (level: LogLevel, message: string, fields?: LogFields): void => {
    if (RANK[level] < min) return;
    const entry: LogFields = { time: new Date().toISOString(), level, msg: message, ...base, ...fields };
    if (entry['error'] instanceof Error) entry['error'] = describeError(entry['error']);
    write(`${JSON.stringify(entry)}\n`);
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (fields) => createLogger({ ...options, fields: { ...base, ...fields } }),
  };
}

function describeError(error: Error): LogFields {
  return { name: error.name, message: error.message, ...(error.cause instanceof Error ? { cause: error.cause.message } : {}) };
}
