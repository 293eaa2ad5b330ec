import { fitReferenceProfile, loadConfig, referenceRowFromInference, validateInferenceEvent, withLabel } from '@modelwatch/core';
import { ReferenceStore } from '@modelwatch/metrics';
import { migrate, openWarehouse } from '@modelwatch/warehouse';
import { monitoringEvent, monitoringLabel, referenceIndexes, type MonitoringShape } from './bench-events.ts';

/**
 * The `references` step of bench-phase.ts (not measured): one reference profile per model
 * version of `shape`, fitted on `rows` events of the same generator that are not in the stream,
 * saved into the embedded warehouse of `dataDir`. The measured process then starts with them
 * stored, and its peak memory does not include the fitting.
 */
export async function storeReferences(o: { dataDir: string; rows: number; shape: MonitoringShape; baseTime: number; stepMs: number }): Promise<void> {
  const started = performance.now();
  const config = loadConfig({ env: { MODELWATCH_DATA_DIR: o.dataDir } });
  const warehouse = await openWarehouse({ ...config.clickhouse, dataDir: config.dataDir });
  await migrate(warehouse);
  const store = new ReferenceStore(warehouse);
  let bytes = 0;
  for (let model = 0; model < o.shape.models; model++) {
    const rows = referenceIndexes(model, o.rows, o.shape.models).map((i) => {
      const checked = validateInferenceEvent(monitoringEvent(i, o.shape, o.baseTime, o.stepMs));
      if (!checked.ok) throw new Error(`bench event ${i} is invalid: ${checked.reason}`);
      return withLabel(referenceRowFromInference(checked.value), { labelValue: null, labelClass: monitoringLabel(i) });
    });
    const profile = fitReferenceProfile({ modelId: `model-${model}`, modelVersion: 'v1', rows, source: 'dataset', createdAtMs: Date.now() });
    bytes += JSON.stringify(profile).length;
    await store.save(profile);
  }
  // One part instead of thousands, as a long-running warehouse's background merges would leave it.
  await warehouse.client.command({ query: 'OPTIMIZE TABLE reference_profiles FINAL' });
  await warehouse.close();
  process.stderr.write(`stored ${o.shape.models} reference profiles (${Math.round(bytes / 1024 / 1024)} MiB of JSON) in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}
