import { describe, expect, it } from 'vitest';
import { parseProblemFlag } from './problem-flag.ts';
import { ScenarioError } from './scenario-error.ts';
import { parseProblem, parseScenario } from './scenario-parser.ts';

const TEN_MIN = 600_000;

function problemsOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ScenarioError) return error.problems;
    throw error;
  }
  throw new Error('expected a ScenarioError');
}

describe('parseScenario', () => {
  it('reads times as milliseconds, durations or shares of the run', () => {
    const scenario = parseScenario(
      {
        name: 'launch',
        labels: { delay: { distribution: 'lognormal', median: '2m', sigma: 0.5 }, neverFraction: 0.2 },
        problems: [
          { kind: 'covariate-drift', models: ['fraud-detector'], features: ['amount'], shift: 2, from: '1m', to: '50%', ramp: 30000 },
          { kind: 'concept-drift', models: 'churn-predictor', from: '80%', to: 'end' },
          { kind: 'malformed', kinds: ['invalid-json'] },
        ],
      },
      TEN_MIN,
    );
    expect(scenario.name).toBe('launch');
    expect(scenario.labels).toEqual({ delay: { kind: 'lognormal', medianMs: 120_000, sigma: 0.5 }, neverFraction: 0.2 });
    expect(scenario.problems[0]).toEqual({
      kind: 'covariate-drift',
      models: ['fraud-detector'],
      features: ['amount'],
      shift: 2,
      window: { fromMs: 60_000, toMs: 300_000, rampMs: 30_000 },
    });
    expect(scenario.problems[1]).toMatchObject({ kind: 'concept-drift', models: ['churn-predictor'], strength: 1, window: { fromMs: 480_000, toMs: Infinity } });
    expect(scenario.problems[2]).toMatchObject({ kind: 'malformed', models: 'all', fraction: 0.01, kinds: { 'invalid-json': 1 }, groundTruthShare: 0.25 });
  });

  it('fills label defaults and reads other delay distributions', () => {
    expect(parseScenario({ labels: { neverFraction: 0 } }, TEN_MIN).labels).toEqual({ delay: { kind: 'lognormal', medianMs: 60_000, sigma: 1 }, neverFraction: 0 });
    expect(parseScenario({ labels: { delay: '30s' } }, TEN_MIN).labels!.delay).toEqual({ kind: 'lognormal', medianMs: 30_000, sigma: 1 });
    expect(parseScenario({ labels: { delay: { distribution: 'exponential', mean: '1m' } } }, TEN_MIN).labels!.delay).toEqual({ kind: 'exponential', meanMs: 60_000 });
    expect(parseScenario({ labels: { delay: { distribution: 'uniform', min: '1s', max: '2s' } } }, TEN_MIN).labels!.delay).toEqual({ kind: 'uniform', minMs: 1000, maxMs: 2000 });
    expect(parseScenario({ labels: { delay: { distribution: 'fixed', value: 500 } } }, TEN_MIN).labels!.delay).toEqual({ kind: 'fixed', ms: 500 });
  });

  it('collects every mistake, naming where it is', () => {
    const problems = problemsOf(() =>
      parseScenario(
        {
          nmae: 'typo',
          labels: { neverFraction: 2 },
          problems: [
            { kind: 'covariate-shift' },
            { kind: 'error-burst', rate: 'high', from: 'soon' },
            { kind: 'latency-spike', from: '5m', to: '1m' },
            { kind: 'malformed', kinds: ['bad-bytes'] },
            { kind: 'concept-drift', strenght: 1 },
          ],
        },
        TEN_MIN,
      ),
    );
    expect(problems).toHaveLength(8);
    expect(problems.join('\n')).toMatch(/unknown key "nmae"/);
    expect(problems.join('\n')).toMatch(/labels\.neverFraction: expected a number from 0 to 1/);
    expect(problems.join('\n')).toMatch(/problems\[0\]\.kind: expected one of covariate-drift/);
    expect(problems.join('\n')).toMatch(/problems\[1\]\.from/);
    expect(problems.join('\n')).toMatch(/problems\[1\]\.rate/);
    expect(problems.join('\n')).toMatch(/problems\[2\]: "to" must come after "from"/);
    expect(problems.join('\n')).toMatch(/unknown kind "bad-bytes"/);
    expect(problems.join('\n')).toMatch(/problems\[4\]: unknown key "strenght"/);
  });

  it('refuses shares of a run without a duration', () => {
    expect(problemsOf(() => parseProblem({ kind: 'error-burst', from: '50%' }, Infinity))[0]).toMatch(/needs a run with a duration/);
  });
});

describe('parseProblemFlag', () => {
  it('reads key=value pairs into what a scenario file holds', () => {
    expect(parseProblemFlag('covariate-drift', 'model=fraud-detector+churn-predictor,feature=amount,shift=2,from=5m,to=50%,ramp=1m,null-rate=0.1')).toEqual({
      kind: 'covariate-drift',
      models: ['fraud-detector', 'churn-predictor'],
      features: ['amount'],
      shift: 2,
      from: '5m',
      to: '50%',
      ramp: '1m',
      nullRate: 0.1,
    });
    expect(parseProblemFlag('covariate-drift', 'model=all,where=country:BR,categories=online:0.6+travel:0.3')).toEqual({
      kind: 'covariate-drift',
      models: 'all',
      where: { country: 'BR' },
      categories: { online: 0.6, travel: 0.3 },
    });
    expect(parseProblemFlag('malformed', 'fraction=0.02,kinds=invalid-json:3+oversized,gt-share=0.5')).toEqual({
      kind: 'malformed',
      fraction: 0.02,
      kinds: { 'invalid-json': 3, oversized: 1 },
      groundTruthShare: 0.5,
    });
    expect(parseProblemFlag('error-burst', 'ticket-router,rate=0.3,from=1000')).toEqual({ kind: 'error-burst', models: ['ticket-router'], rate: 0.3, from: 1000 });
  });

  it('goes through the scenario validator', () => {
    const problem = parseProblem(parseProblemFlag('latency-spike', 'model=house-price,factor=5,from=10%,to=20%'), TEN_MIN);
    expect(problem).toEqual({ kind: 'latency-spike', models: ['house-price'], factor: 5, window: { fromMs: 60_000, toMs: 120_000, rampMs: 0 } });
    expect(problemsOf(() => parseProblem(parseProblemFlag('error-burst', 'rate=lots,frm=1m'), TEN_MIN)).join('\n')).toMatch(/unknown key "frm"[\s\S]*rate: expected a number/);
    expect(problemsOf(() => parseProblem(parseProblemFlag('covariate-drift', 'where=country'), TEN_MIN)).join('\n')).toMatch(/where\.country: expected text/);
    expect(problemsOf(() => parseProblemFlag('error-burst', 'rate=1,rate=2'))[0]).toMatch(/given twice/);
  });
});

describe('the example scenario file', () => {
  it('parses and fits the catalog', async () => {
    const { readFile } = await import('node:fs/promises');
    const { buildModelCatalog } = await import('./model-catalog.ts');
    const { checkScenario } = await import('./problem-schedule.ts');
    const json: unknown = JSON.parse(await readFile(new URL('../scenarios/launch-day.json', import.meta.url), 'utf8'));
    const scenario = parseScenario(json, 3_600_000);
    expect(scenario.problems).toHaveLength(6);
    expect(() => checkScenario(scenario, buildModelCatalog(1, 5))).not.toThrow();
  });
});
