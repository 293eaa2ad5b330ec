import type { ServerResponse } from 'node:http';
import type { Warehouse } from '@modelwatch/warehouse';
import type { Caller, ConcurrencyGate } from './concurrency-gate.ts';
import type { RequestPlan } from './request-plan.ts';
import { ownerComment, type RunningQueries } from './running-queries.ts';
import { runOnSession, type QueryOutcome } from './session-query.ts';
import type { StatementCheck } from './statement-check.ts';

export interface QueryGuards {
  readonly openSession: () => Promise<Warehouse['client']>;
  readonly gate: ConcurrencyGate;
  readonly running: RunningQueries;
  readonly statements: StatementCheck;
}

/**
 * Runs a request's statement with everything that guards it: its query id claimed, a turn of
 * the gate, the statement check (`checked`: not for an INSERT the endpoint rewrote to read its
 * spooled data), and cancellation when the client goes away, whether it waits or runs.
 */
export async function runGuarded(
  guards: QueryGuards,
  res: ServerResponse,
  query: { readonly plan: RequestPlan; readonly caller: Caller; readonly statement: string; readonly outputFormat: string; readonly checked: boolean },
): Promise<QueryOutcome> {
  const { plan, caller, statement } = query;
  const claimed = guards.running.claim(plan.queryId, caller.name);
  const clientGone = new AbortController();
  const onClose = () => {
    if (res.writableEnded) return;
    clientGone.abort();
    void guards.running.cancel(plan.queryId);
  };
  res.once('close', onClose);
  try {
    const release = await guards.gate.acquire(caller);
    try {
      return await runOnSession(guards.openSession, plan, statement, query.outputFormat, {
        signal: clientGone.signal,
        marker: claimed.marker,
        logComment: ownerComment(caller.name),
        ...(query.checked ? { check: (session: Warehouse['client']) => guards.statements.check(session, statement, caller) } : {}),
      });
    } finally {
      release();
    }
  } finally {
    res.off('close', onClose);
    claimed.release();
  }
}
