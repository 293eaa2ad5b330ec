import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, unlink } from 'node:fs/promises';
import { createServer, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { SqlEndpointUser } from '@modelwatch/core';
import type { Logger } from '@modelwatch/telemetry';
import type { Warehouse } from '@modelwatch/warehouse';
import { readCredentials, UserDirectory, type AuthenticatedUser } from './authenticate.ts';
import { ConcurrencyGate } from './concurrency-gate.ts';
import { EndpointError, toEndpointError } from './endpoint-error.ts';
import { contentTypeForFormat } from './format-content-type.ts';
import { upgradeNativeRevision } from './native-revision.ts';
import { analyzeQuery, insertFromFile } from './query-shape.ts';
import { BodyLimits, decodedBody, drainBody, readHead, spoolBody, type BodyHead } from './request-body.ts';
import { planRequest, type EndpointLimits, type RequestPlan } from './request-plan.ts';
import { chooseResponseEncoding, compressBody } from './response-encoding.ts';
import { runGuarded } from './guarded-query.ts';
import { createOwnQueriesView, RunningQueries } from './running-queries.ts';
import type { QueryOutcome } from './session-query.ts';
import { StatementCheck } from './statement-check.ts';
import { sqlString } from './sql-literals.ts';

export interface SqlEndpointOptions {
  /** An embedded (chDB) warehouse: the endpoint serves it to every other process. */
  readonly warehouse: Warehouse;
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** Empty: only `default` without a password, from loopback, as in a fresh ClickHouse. */
  readonly users: readonly SqlEndpointUser[];
  readonly log?: Logger;
  /** Largest request body, after decompression. Default 256 MiB. */
  readonly maxBodyBytes?: number;
  /** Largest query text outside INSERT data. Default 1 MiB (the engine's max_query_size, 256 KiB, applies too). */
  readonly maxQueryBytes?: number;
  /** Queries run at once. Default: libuv's thread pool size minus 2, at least 2. */
  readonly maxConcurrentQueries?: number;
  /** Of those, turns that read-only users never take, so an admin always gets in. Default 1 (0 with one turn). */
  readonly reservedForWriters?: number;
  /** Queries one read-only user runs at once. Default: half the turns read-only users may take, at least 1. */
  readonly maxConcurrentQueriesPerUser?: number;
  /** Queries waiting for a turn before 202 TOO_MANY_SIMULTANEOUS_QUERIES. Default 64. */
  readonly maxQueuedQueries?: number;
  /** Queries one read-only user may have waiting. Default 16. */
  readonly maxQueuedQueriesPerUser?: number;
  /** INSERT bodies spooled to disk at once. Default 4. */
  readonly maxConcurrentUploads?: number;
  /** Longest wait for a turn. Default 30 s. */
  readonly queueTimeoutMs?: number;
  /** Settings every request starts with. Defaults: 300 s, 4 GiB, 1 GiB. */
  readonly limits?: Partial<EndpointLimits>;
  /** Time to receive a whole request, body included. Default 300 s. */
  readonly requestTimeoutMs?: number;
  /** X-ClickHouse-Server-Display-Name. Default: the host name. */
  readonly displayName?: string;
  /** Where INSERT bodies are spooled. Default: `spool/sql-endpoint` in the warehouse's data directory. */
  readonly spoolDir?: string;
}

export interface SqlEndpoint {
  readonly url: string;
  readonly port: number;
  /** Stops accepting requests and waits for the ones under way. */
  close(): Promise<void>;
}

const MiB = 1024 * 1024;
const TEXT = 'text/plain; charset=UTF-8';

/**
 * ClickHouse's HTTP interface in front of the embedded warehouse: chDB allows one process per
 * data directory, so the process that owns it answers curl, @clickhouse/client, Grafana and
 * the other modelwatch processes here.
 */
export async function startSqlEndpoint(options: SqlEndpointOptions): Promise<SqlEndpoint> {
  const { warehouse, log } = options;
  const openSession = warehouse.openSession?.bind(warehouse);
  if (openSession === undefined) {
    throw new Error('the SQL endpoint serves an embedded (chDB) warehouse; a ClickHouse server has an HTTP interface of its own');
  }
  const users = new UserDirectory(options.users);
  const limits: EndpointLimits = {
    maxExecutionTimeSeconds: options.limits?.maxExecutionTimeSeconds ?? 300,
    maxMemoryUsageBytes: options.limits?.maxMemoryUsageBytes ?? 4096 * MiB,
    maxResultBytes: options.limits?.maxResultBytes ?? 1024 * MiB,
  };
  const maxBodyBytes = options.maxBodyBytes ?? 256 * MiB;
  const maxQueryBytes = options.maxQueryBytes ?? MiB;
  const threadPool = Number(process.env['UV_THREADPOOL_SIZE'] ?? 4) || 4;
  const maxRunning = options.maxConcurrentQueries ?? Math.max(2, threadPool - 2);
  const reservedForWriters = options.reservedForWriters ?? (maxRunning > 1 ? 1 : 0);
  const queueTimeoutMs = options.queueTimeoutMs ?? 30_000;
  const gate = new ConcurrencyGate({
    maxRunning,
    reservedForWriters,
    maxRunningPerUser: options.maxConcurrentQueriesPerUser ?? Math.max(1, Math.ceil((maxRunning - reservedForWriters) / 2)),
    maxQueued: options.maxQueuedQueries ?? 64,
    maxQueuedPerUser: options.maxQueuedQueriesPerUser ?? 16,
    queueTimeoutMs,
  });
  const maxUploads = options.maxConcurrentUploads ?? 4;
  const uploads = new ConcurrencyGate({
    maxRunning: maxUploads,
    reservedForWriters: 0,
    maxRunningPerUser: maxUploads,
    maxQueued: 16 * maxUploads,
    maxQueuedPerUser: 4,
    queueTimeoutMs,
  });
  const displayName = options.displayName ?? hostname();

  // Read once from the engine: the version for error texts, the data directory for the spool.
  const engine = await (
    await warehouse.client.query({
      query: "SELECT version() AS version, (SELECT value FROM system.server_settings WHERE name = 'path') AS path",
      format: 'JSONEachRow',
    })
  ).json<{ version: string; path: string }>();
  const version = engine[0]?.version ?? 'unknown';
  const spoolDir = options.spoolDir ?? join(engine[0]?.path ?? '.', 'spool', 'sql-endpoint');
  await mkdir(spoolDir, { recursive: true });
  for (const stale of await readdir(spoolDir)) {
    if (stale.endsWith('.data')) await unlink(join(spoolDir, stale)).catch(() => undefined);
  }

  const statements = await StatementCheck.load(warehouse.client, warehouse.database);
  const running = new RunningQueries(warehouse.client, log);
  await createOwnQueriesView(warehouse.client, warehouse.database);
  const context: HandlerContext = {
    openSession,
    users,
    limits,
    maxBodyBytes,
    maxQueryBytes,
    gate,
    uploads,
    statements,
    running,
    database: warehouse.database,
    displayName,
    version,
    spoolDir,
    log,
  };
  const inFlight = new Set<Promise<void>>();
  const server = createServer(
    {
      // ClickHouse accepts long URLs (query parameters travel there); Node's default is 16 KiB.
      maxHeaderSize: MiB,
      requestTimeout: options.requestTimeoutMs ?? 300_000,
      headersTimeout: 30_000,
      keepAliveTimeout: 10_000,
    },
    (req, res) => {
      const work = handle(context, req, res).catch((error: unknown) => {
        log?.error('sql endpoint request failed unexpectedly', { error });
        if (!res.headersSent) res.writeHead(500, { 'content-type': TEXT }).end();
        else res.destroy();
      });
      inFlight.add(work);
      void work.finally(() => inFlight.delete(work));
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => log?.error('sql endpoint server error', { error }));
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  log?.info('sql endpoint listening', { host: options.host, port, users: options.users.length, maxConcurrentQueries: gate.maxRunning });

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () => {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await Promise.allSettled([...inFlight]);
        server.closeAllConnections();
        await closed;
      })();
      return closing;
    },
  };
}

interface HandlerContext {
  readonly openSession: () => Promise<Warehouse['client']>;
  readonly users: UserDirectory;
  readonly limits: EndpointLimits;
  readonly maxBodyBytes: number;
  readonly maxQueryBytes: number;
  readonly gate: ConcurrencyGate;
  readonly uploads: ConcurrencyGate;
  readonly statements: StatementCheck;
  readonly running: RunningQueries;
  /** modelwatch's database: the only one read-only users may make current. */
  readonly database: string;
  readonly displayName: string;
  readonly version: string;
  readonly spoolDir: string;
  readonly log: Logger | undefined;
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return (length !== undefined && Number(length) > 0) || req.headers['transfer-encoding'] !== undefined;
}

const NO_MORE: AsyncIterator<Buffer> = { next: () => Promise.resolve({ done: true, value: undefined }) };

async function handle(ctx: HandlerContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = performance.now();
  req.on('error', () => undefined);
  res.on('error', () => undefined);
  const method = req.method ?? 'GET';
  const url = new URL(req.url ?? '/', 'http://sql-endpoint');
  const base: OutgoingHttpHeaders = { 'x-clickhouse-server-display-name': ctx.displayName };

  if (url.pathname === '/ping' || url.pathname === '/replicas_status') {
    res.writeHead(200, { ...base, 'content-type': 'text/html; charset=UTF-8' }).end(method === 'HEAD' ? undefined : 'Ok.\n');
    return;
  }
  if (url.pathname !== '/') {
    res
      .writeHead(404, { ...base, 'content-type': TEXT })
      .end(`There is no handle ${url.pathname.slice(0, 200)}\n\nUse / or /ping for health checks.\nSend queries with POST or with GET /?query=...\n`);
    return;
  }
  if (method === 'OPTIONS') {
    res.writeHead(204, { ...base, allow: 'GET, POST, HEAD, OPTIONS' }).end();
    return;
  }
  if (method !== 'GET' && method !== 'POST' && method !== 'HEAD') {
    res.writeHead(405, { ...base, allow: 'GET, POST, HEAD, OPTIONS', 'content-type': TEXT }).end(`Method ${method.slice(0, 16)} is not allowed\n`);
    return;
  }
  const params = url.searchParams;
  const withBody = hasBody(req);
  if ((method === 'GET' || method === 'HEAD') && !params.has('query') && !withBody) {
    res.writeHead(200, { ...base, 'content-type': 'text/html; charset=UTF-8' }).end(method === 'HEAD' ? undefined : 'Ok.\n');
    return;
  }

  let user: AuthenticatedUser | undefined;
  let plan: RequestPlan | undefined;
  let spoolFile: string | undefined;
  let status = 200;
  let errorCode: number | undefined;
  let outcome: QueryOutcome | undefined;
  let bytesIn = 0;
  let unread: AsyncIterator<Buffer> | undefined;
  try {
    user = ctx.users.authenticate(readCredentials(req.headers, params), req.socket.remoteAddress);
    plan = planRequest({ params, headers: req.headers, method, user, limits: ctx.limits });
    if (user.readonly && plan.database !== undefined && plan.database !== ctx.database) {
      throw new EndpointError('ACCESS_DENIED', `${user.name}: read-only users work in the ${ctx.database} database; leave out the database setting or set it to ${ctx.database}`);
    }
    if (String(req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data')) {
      throw new EndpointError('NOT_IMPLEMENTED', 'multipart/form-data requests (external tables, parameters in the body) are not supported by the modelwatch SQL endpoint');
    }

    // The query is the `query` parameter, a line break, and the body (ClickHouse's rule);
    // for an INSERT, the data starts where the statement ends.
    const prefix = plan.query ? Buffer.from(`${plan.query}\n`, 'utf8') : Buffer.alloc(0);
    let body: BodyHead;
    let limits: BodyLimits;
    if (withBody) {
      const decoded = decodedBody(req);
      limits = new BodyLimits(ctx.maxBodyBytes, decoded.encoding);
      body = await readHead(decoded.stream, prefix, ctx.maxQueryBytes, limits);
      unread = body.rest;
    } else {
      limits = new BodyLimits(ctx.maxBodyBytes, '');
      body = { head: prefix, complete: true, rest: NO_MORE, bodyBytes: 0 };
    }
    const shape = analyzeQuery(body.head.toString('latin1'));
    if (shape.multiStatement) throw new EndpointError('SYNTAX_ERROR', 'Multi-statements are not allowed');
    if (shape.intoOutfile) throw new EndpointError('INTO_OUTFILE_NOT_ALLOWED', 'INTO OUTFILE is not allowed');
    if (shape.fromInfile) throw new EndpointError('UNKNOWN_TYPE_OF_QUERY', 'Query has infile and was send directly to server');
    // A second line behind the engine's parse (statement-check.ts), which decides.
    if (user.readonly && shape.callsFile) {
      throw new EndpointError('READONLY', `${user.name}: Cannot execute query in readonly mode: the file function reads the server's files`);
    }
    // Refused before a byte of its data is stored.
    if (user.readonly && shape.insert) throw new EndpointError('READONLY', `${user.name}: Cannot execute query in readonly mode`);

    let statement: string;
    let outputFormat: string | undefined;
    if (shape.insert) {
      // chDB takes binary input only from a file (its connection turns a body into a string),
      // so every INSERT body goes to a file under the data directory and in FROM INFILE.
      const releaseUpload = await ctx.uploads.acquire(user);
      try {
        spoolFile = join(ctx.spoolDir, `${randomUUID()}.data`);
        const file = await open(spoolFile, 'wx');
        try {
          bytesIn = await spoolBody(file, body.head.subarray(shape.insert.dataStart), body, limits);
        } finally {
          await file.close();
        }
      } finally {
        releaseUpload();
      }
      statement = insertFromFile(body.head, shape.insert, sqlString(spoolFile));
    } else {
      if (!body.complete) {
        throw new EndpointError('SYNTAX_ERROR', `Max query size exceeded: the query is longer than ${ctx.maxQueryBytes} bytes (maxQueryBytes of the modelwatch SQL endpoint)`);
      }
      statement = body.head.toString('utf8');
      if (shape.empty) throw new EndpointError('SYNTAX_ERROR', 'Empty query');
      if (shape.unterminatedComment) throw new EndpointError('SYNTAX_ERROR', 'Syntax error: multiline comment is not terminated');
      outputFormat = shape.outputFormat ?? plan.defaultFormat;
      bytesIn = body.head.length;
    }

    try {
      outcome = await runGuarded(ctx, res, { plan, caller: user, statement, outputFormat: outputFormat ?? plan.defaultFormat, checked: shape.insert === undefined });
    } catch (error) {
      throw explainGetReadonly(asUser(toEndpointError(error), user.name), method, plan);
    }
    if (res.destroyed) return;

    const headers: OutgoingHttpHeaders = {
      ...base,
      'content-type': outputFormat === undefined ? TEXT : contentTypeForFormat(outputFormat),
      'x-clickhouse-query-id': plan.queryId,
      ...(outputFormat === undefined ? {} : { 'x-clickhouse-format': outputFormat }),
      'x-clickhouse-timezone': 'UTC',
      'x-clickhouse-summary': JSON.stringify(summaryOf(outcome, shape.insert !== undefined, started)),
      ...(plan.cors ? { 'access-control-allow-origin': '*' } : {}),
    };
    // chDB writes Native as for revision 0; a client that said its revision (clickhouse-go) reads blocks of that revision.
    let payload = outputFormat?.toLowerCase() === 'native' && plan.clientProtocolVersion > 0 ? upgradeNativeRevision(outcome.body, plan.clientProtocolVersion) : outcome.body;
    const encoding = plan.httpCompression ? chooseResponseEncoding(req.headers['accept-encoding']) : undefined;
    if (encoding !== undefined) {
      payload = await compressBody(payload, encoding, plan.compressionLevel);
      headers['content-encoding'] = encoding;
    }
    headers['content-length'] = payload.length;
    res.writeHead(200, headers).end(method === 'HEAD' ? undefined : payload);
  } catch (caught) {
    const error = toEndpointError(caught);
    status = error.httpStatus;
    errorCode = error.code;
    const clientGone = req.destroyed || res.destroyed || (caught as { code?: unknown })?.code === 'ECONNRESET';
    if (clientGone) ctx.log?.debug('sql request: the client went away', { queryId: plan?.queryId });
    else if (error.type === 'UNKNOWN_EXCEPTION') ctx.log?.warn('sql endpoint internal error', { queryId: plan?.queryId, error: caught });
    if (!res.headersSent && !res.destroyed) {
      const headers: OutgoingHttpHeaders = {
        ...base,
        'content-type': TEXT,
        'x-clickhouse-exception-code': String(error.code),
        ...(plan ? { 'x-clickhouse-query-id': plan.queryId } : {}),
      };
      // Keep the connection usable: read and drop the rest of the body, unless it was too large.
      if (!req.complete && unread !== undefined) {
        if (error.code === 229) headers['connection'] = 'close';
        else drainBody(unread, ctx.maxBodyBytes, () => req.destroy());
      }
      res.writeHead(status, headers).end(method === 'HEAD' ? undefined : `${error.toClickHouseText(ctx.version)}\n`);
    }
  } finally {
    if (spoolFile !== undefined) await unlink(spoolFile).catch(() => undefined);
    ctx.log?.debug('sql request', {
      method,
      user: user?.name,
      queryId: plan?.queryId,
      status,
      ...(errorCode === undefined ? {} : { code: errorCode }),
      bytesIn,
      bytesOut: outcome?.body.length ?? 0,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  }
}

/** chDB runs everything as its `default` user; messages name the endpoint's user instead. */
function asUser(error: EndpointError, user: string): EndpointError {
  if (user === 'default' || !error.message.startsWith('default: ')) return error;
  return new EndpointError(error.code, error.type, `${user}: ${error.message.slice('default: '.length)}`);
}

/** ClickHouse's wording when a write arrives over GET. */
function explainGetReadonly(error: EndpointError, method: string, plan: RequestPlan): EndpointError {
  if (error.code !== 164 || method !== 'GET' || plan.readonly !== 2) return error;
  return new EndpointError(
    error.code,
    error.type,
    `${error.message.trimEnd().replace(/\.$/, '')}. For queries over HTTP, method GET implies readonly. You should use method POST for modifying queries`,
  );
}

function summaryOf(outcome: QueryOutcome, insert: boolean, started: number): Record<string, string> {
  const s = outcome.summary ?? {};
  const readRows = s['read_rows'] ?? '0';
  const readBytes = s['read_bytes'] ?? '0';
  return {
    read_rows: readRows,
    read_bytes: readBytes,
    // chDB reports the rows an INSERT read from its file as read; those are the rows written.
    written_rows: insert ? readRows : (s['written_rows'] ?? '0'),
    written_bytes: insert ? readBytes : (s['written_bytes'] ?? '0'),
    total_rows_to_read: s['total_rows_to_read'] ?? '0',
    result_rows: insert ? '0' : (s['result_rows'] ?? '0'),
    result_bytes: insert ? '0' : (s['result_bytes'] ?? '0'),
    elapsed_ns: s['elapsed_ns'] ?? String(Math.round((performance.now() - started) * 1e6)),
  };
}
