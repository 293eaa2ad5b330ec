import { parseReferenceProfile, type ReferenceProfile } from '@modelwatch/core';
import { RowBinaryWriter, type Warehouse } from '@modelwatch/warehouse';

const COLUMNS = ['model_id', 'model_version', 'reference_id', 'source', 'rows', 'profile', 'created_at'] as const;

/** Reference profiles in `reference_profiles`: the newest per model version is current. */
export class ReferenceStore {
  constructor(private readonly warehouse: Pick<Warehouse, 'client' | 'insertBinary'>) {}

  async save(profile: ReferenceProfile): Promise<void> {
    const w = new RowBinaryWriter(4096);
    w.string(profile.modelId);
    w.string(profile.modelVersion);
    w.string(profile.referenceId);
    w.string(profile.source);
    w.uint64(profile.rows);
    w.string(JSON.stringify(profile));
    w.int64(profile.createdAtMs);
    await this.warehouse.insertBinary({ table: 'reference_profiles', columns: COLUMNS, format: 'RowBinary', data: w.bytes() });
  }

  /** The current reference of each of these model versions that has one, by `versionKey`. */
  current(versions: readonly { modelId: string; modelVersion: string }[]): Promise<Map<string, ReferenceProfile>> {
    return this.pick(versions, 'argMax(profile, created_at)');
  }

  /**
   * The first reference of each of these model versions that has one (the oldest `created_at`,
   * ties to the smaller id), by `versionKey`: the reference of windows counted before the version
   * had any. It stays the first whatever is uploaded later, so such a window is always scored
   * against the same reference.
   */
  first(versions: readonly { modelId: string; modelVersion: string }[]): Promise<Map<string, ReferenceProfile>> {
    return this.pick(versions, 'argMin(profile, (created_at, reference_id))');
  }

  /** One reference per version, chosen by `choice` (an aggregate over the version's profiles). */
  private async pick(versions: readonly { modelId: string; modelVersion: string }[], choice: 'argMax(profile, created_at)' | 'argMin(profile, (created_at, reference_id))'): Promise<Map<string, ReferenceProfile>> {
    const found = new Map<string, ReferenceProfile>();
    if (versions.length === 0) return found;
    const result = await this.warehouse.client.query({
      query: `SELECT ${choice} AS profile FROM reference_profiles
              WHERE (model_id, model_version) IN (SELECT untuple(arrayJoin(arrayZip({models:Array(String)}, {versions:Array(String)}))))
              GROUP BY model_id, model_version`,
      query_params: { models: versions.map((v) => v.modelId), versions: versions.map((v) => v.modelVersion) },
      format: 'JSONEachRow',
    });
    for (const row of await result.json<{ profile: string }>()) {
      const profile = parseReferenceProfile(JSON.parse(row.profile));
      found.set(versionKey(profile), profile);
    }
    return found;
  }

  /** Whether the model version has any reference: checked again right before a fitted one is saved. */
  async has(modelId: string, modelVersion: string): Promise<boolean> {
    const result = await this.warehouse.client.query({
      query: 'SELECT count() AS n FROM reference_profiles WHERE model_id = {model:String} AND model_version = {version:String}',
      query_params: { model: modelId, version: modelVersion },
      format: 'JSONEachRow',
    });
    const [row] = await result.json<{ n: string | number }>();
    return Number(row?.n ?? 0) > 0;
  }

  /** Profiles by reference id: a window is scored against the reference it was counted with. */
  async byId(referenceIds: readonly string[]): Promise<Map<string, ReferenceProfile>> {
    const found = new Map<string, ReferenceProfile>();
    if (referenceIds.length === 0) return found;
    const result = await this.warehouse.client.query({
      query: `SELECT any(profile) AS profile FROM reference_profiles WHERE reference_id IN {ids:Array(String)} GROUP BY reference_id`,
      query_params: { ids: [...referenceIds] },
      format: 'JSONEachRow',
    });
    for (const row of await result.json<{ profile: string }>()) {
      const profile = parseReferenceProfile(JSON.parse(row.profile));
      found.set(profile.referenceId, profile);
    }
    return found;
  }
}

export function versionKey(v: { modelId: string; modelVersion: string }): string {
  return JSON.stringify([v.modelId, v.modelVersion]);
}
