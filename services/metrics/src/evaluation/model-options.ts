import { DEFAULT_MONITORING_OPTIONS, type ModelwatchConfig, type MonitoringOptions } from '@modelwatch/core';

/** The monitoring options of each model: the `metrics.*` settings, then the model's own override. */
export class ModelOptions {
  private readonly base: MonitoringOptions;
  private readonly byModel = new Map<string, MonitoringOptions>();

  constructor(settings: ModelwatchConfig['metrics']) {
    this.base = {
      ...DEFAULT_MONITORING_OPTIONS,
      drift: {
        ...DEFAULT_MONITORING_OPTIONS.drift,
        numericMethod: settings.numericDriftMethod,
        categoricalMethod: settings.categoricalDriftMethod,
        fdr: settings.driftFdr,
      },
    };
    for (const o of settings.models) {
      this.byModel.set(o.model, {
        ...this.base,
        drift: {
          ...this.base.drift,
          ...(o.numericDriftMethod ? { numericMethod: o.numericDriftMethod } : {}),
          ...(o.categoricalDriftMethod ? { categoricalMethod: o.categoricalDriftMethod } : {}),
          ...(o.driftFdr !== undefined ? { fdr: o.driftFdr } : {}),
          ...(o.minSampleSize !== undefined ? { minSampleSize: o.minSampleSize } : {}),
        },
      });
    }
  }

  for(modelId: string): MonitoringOptions {
    return this.byModel.get(modelId) ?? this.base;
  }
}
