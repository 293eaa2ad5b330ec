import { describe, expect, it } from 'vitest';
import { buildModelCatalog } from './model-catalog.ts';
import { namedScenario, SCENARIO_NAMES } from './named-scenarios.ts';
import { ProblemSchedule, windowIntensity } from './problem-schedule.ts';
import { ScenarioError } from './scenario-error.ts';
import { parseScenario } from './scenario-parser.ts';

const models = buildModelCatalog(3, 4);
const schedule = (problems: unknown[]) => new ProblemSchedule(parseScenario({ problems }, 600_000), models);

describe('ProblemSchedule', () => {
  it('turns problems on inside their window, for their models and segments only', () => {
    const s = schedule([
      { kind: 'covariate-drift', models: ['fraud-detector'], features: ['amount'], shift: 2, from: '1m', to: '2m', where: { country: 'BR' } },
      { kind: 'latency-spike', models: 'all', factor: 5, from: '1m', ramp: '1m' },
      { kind: 'error-burst', models: ['delivery-eta'], rate: 0.4, to: '30s' },
      { kind: 'concept-drift', models: ['churn-predictor'], strength: 0.5, from: '5m' },
    ]);
    const br = { country: 'BR' };
    expect(s.effectsAt(90_000, 'fraud-detector', br).drifts.get('amount')).toMatchObject({ shift: 2, intensity: 1 });
    expect(s.effectsAt(90_000, 'fraud-detector', { country: 'US' }).drifts.size).toBe(0);
    expect(s.effectsAt(30_000, 'fraud-detector', br).drifts.size).toBe(0);
    expect(s.effectsAt(120_000, 'fraud-detector', br).drifts.size).toBe(0);
    expect(s.effectsAt(90_000, 'delivery-eta', br).latencyFactor).toBeCloseTo(3);
    expect(s.effectsAt(200_000, 'delivery-eta', br).latencyFactor).toBeCloseTo(5);
    expect(s.effectsAt(10_000, 'delivery-eta', br).errorRate).toBe(0.4);
    expect(s.effectsAt(10_000, 'fraud-detector', br).errorRate).toBeNull();
    expect(s.effectsAt(400_000, 'churn-predictor', br).conceptStrength).toBe(0.5);
    expect(s.effectsAt(400_000, 'fraud-detector', br).conceptStrength).toBe(0);
  });

  it('drifts each model\'s first numeric and categorical feature when none is named', () => {
    const s = schedule([{ kind: 'covariate-drift', models: ['fraud-detector'] }]);
    const drifts = s.effectsAt(0, 'fraud-detector', {}).drifts;
    expect([...drifts.keys()]).toEqual(['amount', 'merchant_category']);
    expect(drifts.get('amount')!.shift).toBeGreaterThan(0);
    // The rarest category takes the commonest one's share.
    expect(drifts.get('merchant_category')!.categories!['gambling']).toBeCloseTo(30 / 97);
  });

  it('refuses unknown models and features, listing the known ones', () => {
    try {
      schedule([{ kind: 'error-burst', models: ['nope'] }, { kind: 'covariate-drift', models: ['fraud-detector'], features: ['amunt'] }]);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ScenarioError);
      const text = (error as ScenarioError).problems.join('\n');
      expect(text).toMatch(/no model "nope"; the models are fraud-detector, delivery-eta/);
      expect(text).toMatch(/no selected model has a feature "amunt"; their features are amount,/);
    }
  });
});

describe('windowIntensity', () => {
  it('ramps in, then holds, and ends at "to"', () => {
    const w = { fromMs: 100, toMs: 300, rampMs: 100 };
    expect(windowIntensity(w, 99)).toBe(0);
    expect(windowIntensity(w, 150)).toBe(0.5);
    expect(windowIntensity(w, 250)).toBe(1);
    expect(windowIntensity(w, 300)).toBe(0);
  });
});

describe('named scenarios', () => {
  it('fit any number of models', () => {
    for (const count of [1, 2, 3, 5, 12]) {
      const catalog = buildModelCatalog(1, count);
      for (const name of SCENARIO_NAMES) {
        const scenario = namedScenario(name, catalog, 600_000);
        expect(() => new ProblemSchedule(scenario, catalog)).not.toThrow();
        if (name === 'steady') expect(scenario.problems).toEqual([]);
        else expect(scenario.problems.map((p) => p.kind)).toEqual(expect.arrayContaining(['covariate-drift', 'concept-drift', 'error-burst', 'latency-spike']));
        if (name === 'chaos') expect(scenario.problems.some((p) => p.kind === 'malformed')).toBe(true);
      }
    }
  });
});
