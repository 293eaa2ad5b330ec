import type { WindowKey } from '@modelwatch/core';
import type { Logger } from '@modelwatch/telemetry';
import { RowBinaryWriter, type Warehouse } from '@modelwatch/warehouse';
import type { WindowEvaluator } from './window-evaluator.ts';

const COLUMNS = ['model_id', 'model_version', 'reference_id', 'windows', 'done_at'] as const;

export interface UnreferencedWindowsParts {
  readonly warehouse: Pick<Warehouse, 'client' | 'insertBinary'>;
  readonly evaluator: Pick<WindowEvaluator, 'evaluate'>;
  readonly log: Logger;
  /** Windows evaluated per run at most, so a backfill of months is worked through over many runs. */
  readonly windowsPerRun?: number;
  /** Windows per evaluation. */
  readonly batch?: number;
  /** Versions looked at per query. */
  readonly versionsPerQuery?: number;
  readonly now?: () => number;
}

/** One model version's windows to evaluate again, newest first. */
interface Backlog {
  readonly modelId: string;
  readonly modelVersion: string;
  readonly referenceId: string;
  readonly windows: WindowKey[];
  readonly total: number;
}

/**
 * Windows evaluated before their model version had a reference (they hold `no_reference` rows):
 * once the version has one, fitted on its first traffic or uploaded, they are evaluated again,
 * which counts them again against it (WindowEvaluator). A version is done when a row in
 * `reference_backfills` says so; until then it is looked at again on every run, and after a
 * restart, so a crash half-way leaves no window behind.
 *
 * The windows of a version are evaluated newest first: their metric events then reach the rules
 * engine with the series' newest window first, so the older ones are old windows to it (never
 * starting an alert), even for an alerts service that saw none of the series' windows before.
 */
export class UnreferencedWindows {
  private backlog: Backlog[] = [];
  private running: Promise<number> | null = null;
  private stopped = false;
  private readonly windowsPerRun: number;
  private readonly batch: number;
  private readonly versionsPerQuery: number;
  private readonly now: () => number;

  constructor(private readonly parts: UnreferencedWindowsParts) {
    this.windowsPerRun = parts.windowsPerRun ?? 2000;
    this.batch = parts.batch ?? 100;
    this.versionsPerQuery = parts.versionsPerQuery ?? 1000;
    this.now = parts.now ?? Date.now;
  }

  /** Evaluates up to `windowsPerRun` such windows; returns how many. A call during a run waits for that run. */
  run(): Promise<number> {
    if (this.running === null) {
      this.running = this.work().finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  /** Ends the run in progress after its current evaluation; later runs do nothing. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running?.catch(() => undefined);
  }

  private async work(): Promise<number> {
    if (this.stopped) return 0;
    if (this.backlog.length === 0) this.backlog = await this.find();
    let budget = this.windowsPerRun;
    let evaluated = 0;
    while (this.backlog.length > 0 && !this.stopped) {
      const head = this.backlog[0] as Backlog;
      while (head.windows.length > 0 && budget > 0 && !this.stopped) {
        const batch = head.windows.slice(0, Math.min(this.batch, budget));
        // A failure leaves the batch at the head: the next run tries it again.
        await this.parts.evaluator.evaluate(batch);
        head.windows.splice(0, batch.length);
        budget -= batch.length;
        evaluated += batch.length;
      }
      if (head.windows.length > 0) break;
      await this.markDone([head]);
      this.backlog.shift();
      this.parts.log.info('windows evaluated before their model version had a reference were scored against it', {
        model: head.modelId, version: head.modelVersion, reference: head.referenceId.slice(0, 12), windows: head.total,
      });
    }
    return evaluated;
  }

  /** Versions with a reference and no `reference_backfills` row, with their `no_reference` windows; those without any are marked done. */
  private async find(): Promise<Backlog[]> {
    const { client } = this.parts.warehouse;
    const versions = await (await client.query({
      query: `SELECT model_id, model_version, argMin(reference_id, (created_at, reference_id)) AS reference_id
              FROM reference_profiles
              WHERE (model_id, model_version) NOT IN (SELECT model_id, model_version FROM reference_backfills)
              GROUP BY model_id, model_version
              ORDER BY model_id, model_version
              LIMIT {limit:UInt32}`,
      query_params: { limit: this.versionsPerQuery },
      format: 'JSONEachRow',
    })).json<{ model_id: string; model_version: string; reference_id: string }>();
    if (versions.length === 0) return [];
    // FINAL: a window's newest rows decide; one scored since has replaced its no_reference rows.
    const windows = await (await client.query({
      query: `SELECT model_id, model_version, segment_name, segment_value, toUnixTimestamp64Milli(window_start) AS start
              FROM model_metrics FINAL
              WHERE (model_id, model_version) IN (SELECT untuple(arrayJoin(arrayZip({models:Array(String)}, {versions:Array(String)}))))
                AND metric IN ('drift', 'prediction_drift', 'label_drift') AND status = 'no_reference'
              GROUP BY model_id, model_version, segment_name, segment_value, start
              ORDER BY model_id, model_version, start DESC, segment_name, segment_value`,
      query_params: { models: versions.map((v) => v.model_id), versions: versions.map((v) => v.model_version) },
      format: 'JSONEachRow',
    })).json<{ model_id: string; model_version: string; segment_name: string; segment_value: string; start: string | number }>();
    const byVersion = new Map<string, WindowKey[]>();
    for (const w of windows) {
      const version = JSON.stringify([w.model_id, w.model_version]);
      const list = byVersion.get(version) ?? [];
      list.push({ modelId: w.model_id, modelVersion: w.model_version, segmentName: w.segment_name, segmentValue: w.segment_value, windowStartMs: Number(w.start) });
      byVersion.set(version, list);
    }
    const backlog: Backlog[] = [];
    const none: Backlog[] = [];
    for (const v of versions) {
      const list = byVersion.get(JSON.stringify([v.model_id, v.model_version])) ?? [];
      const entry = { modelId: v.model_id, modelVersion: v.model_version, referenceId: v.reference_id, windows: list, total: list.length };
      (list.length > 0 ? backlog : none).push(entry);
    }
    await this.markDone(none);
    return backlog;
  }

  private async markDone(versions: readonly Backlog[]): Promise<void> {
    if (versions.length === 0) return;
    const w = new RowBinaryWriter(128 * versions.length);
    const now = this.now();
    for (const v of versions) {
      w.string(v.modelId);
      w.string(v.modelVersion);
      w.string(v.referenceId);
      w.uint64(v.total);
      w.int64(now);
    }
    await this.parts.warehouse.insertBinary({ table: 'reference_backfills', columns: COLUMNS, format: 'RowBinary', data: w.bytes() });
  }
}
