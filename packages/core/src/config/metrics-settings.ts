import { CATEGORICAL_DRIFT_METHODS, NUMERIC_DRIFT_METHODS, type CategoricalDriftMethod, type NumericDriftMethod } from '../monitoring/monitoring-options.ts';
import type { ModelMetricsOverride } from './modelwatch-config.ts';
const OVERRIDE_KEYS = ['model', 'numeric_drift_method', 'categorical_drift_method', 'drift_fdr', 'min_sample_size', 'rolling_reference_ms'];

/** A false-discovery rate: a number strictly between 0 and 1 (the config file may hold it as text). */
export function parseFdr(raw: unknown, where: string, problems: string[]): number | undefined {
  const value = typeof raw === 'string' ? Number(raw) : raw;
  if (typeof value !== 'number' || !(value > 0 && value < 1)) {
    problems.push(`${where} must be a number between 0 and 1 (exclusive), such as 0.05`);
    return undefined;
  }
  return value;
}

/** `metrics.models`: per-model drift settings, each problem reported with its place and fix. */
export function parseModelOverrides(raw: unknown, problems: string[]): ModelMetricsOverride[] {
  if (raw === undefined) return [];
  const overrides: ModelMetricsOverride[] = [];
  (raw as unknown[]).forEach((entry, i) => {
    const where = `metrics.models[${i}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      problems.push(`${where} must be a mapping such as { model: fraud, numeric_drift_method: psi }`);
      return;
    }
    const e = entry as Record<string, unknown>;
    for (const key of Object.keys(e)) if (!OVERRIDE_KEYS.includes(key)) problems.push(`${where}: unknown key "${key}"; the keys are ${OVERRIDE_KEYS.join(', ')}`);
    if (typeof e['model'] !== 'string' || e['model'] === '') {
      problems.push(`${where}.model must name the model (its model_id)`);
      return;
    }
    const override: { -readonly [K in keyof ModelMetricsOverride]: ModelMetricsOverride[K] } = { model: e['model'] };
    const numeric = e['numeric_drift_method'];
    if (numeric !== undefined) {
      if ((NUMERIC_DRIFT_METHODS as readonly unknown[]).includes(numeric)) override.numericDriftMethod = numeric as NumericDriftMethod;
      else problems.push(`${where}.numeric_drift_method must be one of ${NUMERIC_DRIFT_METHODS.join(', ')}`);
    }
    const categorical = e['categorical_drift_method'];
    if (categorical !== undefined) {
      if ((CATEGORICAL_DRIFT_METHODS as readonly unknown[]).includes(categorical)) override.categoricalDriftMethod = categorical as CategoricalDriftMethod;
      else problems.push(`${where}.categorical_drift_method must be one of ${CATEGORICAL_DRIFT_METHODS.join(', ')}`);
    }
    if (e['drift_fdr'] !== undefined) {
      const fdr = parseFdr(e['drift_fdr'], `${where}.drift_fdr`, problems);
      if (fdr !== undefined) override.driftFdr = fdr;
    }
    const min = e['min_sample_size'];
    if (min !== undefined) {
      if (Number.isSafeInteger(min) && (min as number) >= 0) override.minSampleSize = min as number;
      else problems.push(`${where}.min_sample_size must be a whole number >= 0 (0 uses Cochran's rule on the reference bins)`);
    }
    const rolling = e['rolling_reference_ms'];
    if (rolling !== undefined) {
      if (Number.isSafeInteger(rolling) && (rolling as number) >= 0) override.rollingReferenceMs = rolling as number;
      else problems.push(`${where}.rolling_reference_ms must be a whole number of milliseconds >= 0 (0 turns rolling references off for the model)`);
    }
    overrides.push(override);
  });
  return overrides;
}
