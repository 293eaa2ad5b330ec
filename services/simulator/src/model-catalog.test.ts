import { validateInferenceEvent } from '@modelwatch/core';
import { describe, expect, it } from 'vitest';
import { sampleFeature, type FeatureValue } from './feature-sampler.ts';
import { encodeInput } from './linear-model.ts';
import { buildModelCatalog } from './model-catalog.ts';
import { drawLabel, predict } from './model-outputs.ts';
import { MODEL_TEMPLATES } from './model-templates.ts';
import { createRandom } from './random.ts';
import type { SimulatedModel } from './simulated-model.ts';

function inputs(model: SimulatedModel, n: number, seed = 'inputs') {
  const r = createRandom(seed, model.id);
  return Array.from({ length: n }, () => {
    const values: Record<string, FeatureValue> = {};
    for (const spec of model.template.features) values[spec.name] = sampleFeature(spec, r);
    return { values, input: encodeInput(model.template.features, values) };
  });
}

describe('buildModelCatalog', () => {
  it('is the same for the same seed, and differs for another', () => {
    expect(buildModelCatalog(7, 3)).toEqual(buildModelCatalog(7, 3));
    expect(buildModelCatalog(8, 3)[0]!.truth).not.toEqual(buildModelCatalog(7, 3)[0]!.truth);
  });

  it('mixes tasks in the first few, and numbers models past the templates', () => {
    const models = buildModelCatalog(1, MODEL_TEMPLATES.length + 2);
    expect(new Set(models.slice(0, 3).map((m) => m.template.task))).toEqual(new Set(['binary', 'regression', 'multiclass']));
    const ids = models.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.at(-2)).toBe(`${MODEL_TEMPLATES[0]!.id}-2`);
    expect(models.at(-2)!.version).not.toBe(models[0]!.version);
    expect(models.at(-2)!.truth).not.toEqual(models[0]!.truth);
  });
});

describe('model outputs', () => {
  const models = buildModelCatalog(42, MODEL_TEMPLATES.length);

  it('gives every model valid predictions; scores are probabilities that agree with the prediction', () => {
    for (const model of models) {
      const t = model.template;
      for (const { values, input } of inputs(model, 300)) {
        const out = predict(model, input);
        const event = { model_id: model.id, model_version: model.version, prediction_id: 'p', timestamp: Date.UTC(2026, 0, 1), features: values, ...out };
        const checked = validateInferenceEvent(event);
        expect(checked.ok, `${model.id}: ${checked.ok ? '' : checked.reason}`).toBe(true);
        if (t.task === 'regression') {
          expect(typeof out.prediction).toBe('number');
          expect(out.scores).toBeUndefined();
          if (t.target!.min !== undefined) expect(out.prediction as number).toBeGreaterThanOrEqual(t.target!.min);
          continue;
        }
        const scores = Object.entries(out.scores!);
        expect(scores.map(([k]) => k)).toEqual(t.classes!.map(String));
        expect(scores.reduce((a, [, p]) => a + p, 0)).toBeCloseTo(1, 4);
        const best = scores.reduce((a, b) => (b[1] > a[1] ? b : a));
        expect(String(out.prediction)).toBe(best[0]);
        expect(t.classes).toContain(out.prediction);
      }
      if (t.attributions) {
        const { input } = inputs(model, 1)[0]!;
        expect(Object.keys(predict(model, input).attributions!)).toEqual(t.features.map((f) => f.name));
      } else {
        expect(predict(model, inputs(model, 1)[0]!.input).attributions).toBeUndefined();
      }
    }
  });

  it('labels match the template rates, and the model predicts them better than chance', () => {
    for (const model of models) {
      const t = model.template;
      const r = createRandom('labels', model.id);
      const sample = inputs(model, 4000);
      const labels = sample.map(({ input }) => drawLabel(model, input, 0, r));
      const predictions = sample.map(({ input }) => predict(model, input).prediction);
      if (t.task === 'binary') {
        const positive = labels.filter((l) => l === t.classes![1]).length / labels.length;
        expect(positive, model.id).toBeGreaterThan(t.positiveRate! * 0.75);
        expect(positive, model.id).toBeLessThan(t.positiveRate! * 1.25);
      }
      if (t.task === 'regression') {
        const errors = labels.map((l, i) => Math.abs((l as number) - (predictions[i] as number)));
        const meanError = errors.reduce((a, b) => a + b, 0) / errors.length;
        expect(meanError, model.id).toBeLessThan(t.target!.sd * 0.6);
      } else {
        const accuracy = labels.filter((l, i) => l === predictions[i]).length / labels.length;
        const majority = Math.max(...t.classes!.map((c) => labels.filter((l) => l === c).length)) / labels.length;
        expect(accuracy, model.id).toBeGreaterThanOrEqual(majority);
        if (t.task === 'multiclass') expect(accuracy, model.id).toBeGreaterThan(majority + 0.2);
      }
    }
  });

  it('concept drift moves labels away from what the model predicts', () => {
    for (const model of models) {
      const r = createRandom('concept', model.id);
      const sample = inputs(model, 3000);
      const predictions = sample.map(({ input }) => predict(model, input).prediction);
      const score = (strength: number) => {
        const labels = sample.map(({ input }) => drawLabel(model, input, strength, r));
        if (model.template.task === 'regression') return -labels.reduce<number>((a, l, i) => a + Math.abs((l as number) - (predictions[i] as number)), 0) / labels.length;
        return labels.filter((l, i) => l === predictions[i]).length / labels.length;
      };
      const before = score(0);
      const after = score(1);
      expect(after, model.id).toBeLessThan(before);
    }
  });
});
