import { randomUUID } from 'node:crypto';
import type { Logger } from '@modelwatch/telemetry';
import type { Warehouse } from '@modelwatch/warehouse';
import { EndpointError } from './endpoint-error.ts';

type Client = Warehouse['client'];

const OWNER_PREFIX = 'modelwatch-sql-endpoint user ';

/**
 * The `log_comment` a request's session runs with: it names the endpoint's user, and the engine
 * shows it in `system.processes.Settings`. Read-only users cannot change it (readonly=1, and it
 * is no URL setting they may send).
 */
export function ownerComment(user: string): string {
  return `${OWNER_PREFIX}${Buffer.from(user, 'utf8').toString('hex')}`;
}

/**
 * `my_queries`: the caller's own running queries, for read-only users, who may not read
 * `system.processes` (every session runs as one engine user there). The view compares each
 * query's `log_comment` with the reader's own, so each user sees theirs and nobody else's.
 */
export async function createOwnQueriesView(client: Client, database: string): Promise<void> {
  await client.command({
    query: `CREATE OR REPLACE VIEW ${database}.my_queries AS
      SELECT query_id, elapsed, read_rows, read_bytes, memory_usage, substring(query, position(query, '*/') + 3) AS query
      FROM system.processes
      WHERE Settings['log_comment'] = getSetting('log_comment') AND startsWith(getSetting('log_comment'), '${OWNER_PREFIX}')`,
  });
}

export interface ClaimedQuery {
  /** A comment to put in front of the statement: the engine's process list shows it, so KILL finds the query by it. */
  readonly marker: string;
  readonly release: () => void;
}

/**
 * The queries this endpoint runs, by the client's query id. chDB gives every query an id of its
 * own (its connection ignores the client's) and cannot interrupt a query through its API, so a
 * query is marked with a comment holding a random id that only the endpoint knows, and a query
 * whose client went away is cancelled with `KILL QUERY` on that marker, on the warehouse's own
 * connection (which takes no turn of the gate). Client ids are kept unique, as ClickHouse does.
 */
export class RunningQueries {
  private readonly markers = new Map<string, { readonly user: string; readonly marker: string }>();

  constructor(
    private readonly client: Client,
    private readonly log: Logger | undefined,
  ) {}

  /** Claims `queryId` for `user` until `release` is called. */
  claim(queryId: string, user: string): ClaimedQuery {
    if (this.markers.has(queryId)) {
      throw new EndpointError('QUERY_WITH_SAME_ID_IS_ALREADY_RUNNING', `Query with id = ${queryId.slice(0, 128)} is already running`);
    }
    const marker = `/* modelwatch-sql-endpoint ${randomUUID()} */\n`;
    this.markers.set(queryId, { user, marker });
    let released = false;
    return {
      marker,
      release: () => {
        if (released) return;
        released = true;
        this.markers.delete(queryId);
      },
    };
  }

  /**
   * Asks the engine to stop the query; it ends with QUERY_WAS_CANCELLED and frees its turn.
   * Asked again while the request still holds the id: the query may not have reached the
   * engine the first time (it was waiting for a turn, or setting up its session).
   */
  async cancel(queryId: string, { attempts = 30, intervalMs = 1000 } = {}): Promise<void> {
    const claimed = this.markers.get(queryId);
    if (claimed === undefined) return;
    for (let attempt = 0; attempt < attempts && this.markers.get(queryId) === claimed; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, intervalMs).unref());
      try {
        await this.client.command({ query: 'KILL QUERY WHERE startsWith(query, {marker:String}) ASYNC', query_params: { marker: claimed.marker } });
      } catch (error) {
        this.log?.warn('sql query could not be cancelled', { queryId, error });
        return;
      }
    }
    this.log?.info('sql query cancelled: its client went away', { queryId, user: claimed.user });
  }
}
