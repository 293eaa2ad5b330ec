import type { Warehouse } from '@modelwatch/warehouse';
import { EndpointError, toEndpointError, withPositionsShifted } from './endpoint-error.ts';
import type { RequestPlan } from './request-plan.ts';
import { quoteIdentifier, sqlString } from './sql-literals.ts';

type Client = Warehouse['client'];

export interface QueryOutcome {
  /** The result in the output format, as the engine wrote it. */
  readonly body: Buffer;
  readonly summary: Readonly<Record<string, string>> | undefined;
}

async function collect(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

/**
 * Runs one request's statement on a session of its own, so that what the request sets (its
 * database, URL settings, query parameters, readonly) lives and dies with that session: chDB
 * keeps a SET for the rest of a session, and the warehouse's shared client must never see one.
 * `readonly` is set last, so the engine itself refuses writes and any later SET.
 */
export async function runOnSession(
  openSession: () => Promise<Client>,
  plan: RequestPlan,
  statement: string,
  outputFormat: string,
  options: {
    /** Runs on the session once its query parameters are set, before its settings and the statement: throws to refuse it. */
    readonly check?: (session: Client) => Promise<void>;
    /** Aborted when the client went away: nothing more is started. */
    readonly signal?: AbortSignal;
    /** Text run in front of the statement (a comment that marks it); error positions are given without it. */
    readonly marker?: string;
    /** The session's `log_comment`: who runs it (see running-queries.ts). */
    readonly logComment?: string;
  } = {},
): Promise<QueryOutcome> {
  const session = await openSession();
  const stopIfAborted = () => {
    if (options.signal?.aborted) throw new EndpointError('QUERY_WAS_CANCELLED', 'Query was cancelled: the client went away');
  };
  try {
    if (plan.database !== undefined) await session.command({ query: `USE ${quoteIdentifier(plan.database)}` });
    // Query parameters first: the check parses the statement as it will run, with them in place.
    // The user's own settings come after, so an admin may still set log_comment.
    const parameters = [
      ...(options.logComment === undefined ? [] : [`log_comment = ${sqlString(options.logComment)}`]),
      ...plan.queryParameters.map(([name, value]) => `param_${name} = ${sqlString(value)}`),
    ];
    if (parameters.length > 0) await session.command({ query: `SET ${parameters.join(', ')}` });
    stopIfAborted();
    await options.check?.(session);
    // One SET: its changes are checked against the session as it was (readonly 0) and applied
    // in order, so readonly, last, locks everything after it.
    const assignments = [...plan.settings.map(([name, value]) => `${name} = ${sqlString(value)}`), ...(plan.readonly > 0 ? [`readonly = ${plan.readonly}`] : [])];
    if (assignments.length > 0) await session.command({ query: `SET ${assignments.join(', ')}` });
    stopIfAborted();
    // default_format is not SET: the chdb connection hands it to the engine as the output format.
    const marker = options.marker ?? '';
    const result = await session
      .exec({
        query: `${marker}${statement}`,
      query_id: plan.queryId,
        clickhouse_settings: { default_format: outputFormat } as NonNullable<Parameters<Client['exec']>[0]['clickhouse_settings']>,
      })
      .catch((error: unknown) => {
        throw withPositionsShifted(toEndpointError(error), marker.length);
      });
    const body = await collect(result.stream);
    return { body, summary: result.summary as Readonly<Record<string, string>> | undefined };
  } finally {
    await session.close().catch(() => undefined);
  }
}
