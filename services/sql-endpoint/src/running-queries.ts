import type { Logger } from '@modelwatch/telemetry';
import type { Warehouse } from '@modelwatch/warehouse';
import { EndpointError } from './endpoint-error.ts';

type Client = Warehouse['client'];

/**
 * The queries this endpoint runs, by query id. chDB runs every query as one engine user and
 * cannot interrupt a query through its API, so the endpoint keeps ids unique itself (a request
 * may then only ever cancel its own query) and cancels a query whose client went away with
 * `KILL QUERY` on the warehouse's own connection, which takes no turn of the gate.
 */
export class RunningQueries {
  private readonly owners = new Map<string, string>();

  constructor(
    private readonly client: Client,
    private readonly log: Logger | undefined,
  ) {}

  /** Claims `queryId` for `user` until the returned function is called. */
  claim(queryId: string, user: string): () => void {
    if (this.owners.has(queryId)) {
      throw new EndpointError('QUERY_WITH_SAME_ID_IS_ALREADY_RUNNING', `Query with id = ${queryId.slice(0, 128)} is already running`);
    }
    this.owners.set(queryId, user);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.owners.delete(queryId);
    };
  }

  /**
   * Asks the engine to stop the query; it ends with QUERY_WAS_CANCELLED and frees its turn.
   * Asked again while the request still holds the id: the query may not have reached the
   * engine the first time (it was waiting for a turn, or setting up its session).
   */
  async cancel(queryId: string, { attempts = 30, intervalMs = 1000 } = {}): Promise<void> {
    const user = this.owners.get(queryId);
    for (let attempt = 0; attempt < attempts && this.owners.has(queryId); attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, intervalMs).unref());
      try {
        await this.client.command({ query: 'KILL QUERY WHERE query_id = {id:String} ASYNC', query_params: { id: queryId } });
      } catch (error) {
        this.log?.warn('sql query could not be cancelled', { queryId, error });
        return;
      }
    }
    this.log?.info('sql query cancelled: its client went away', { queryId, user });
  }
}
