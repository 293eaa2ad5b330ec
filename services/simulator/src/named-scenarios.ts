import { parseScenario } from './scenario-parser.ts';
import type { Scenario } from './scenario.ts';
import type { SimulatedModel } from './simulated-model.ts';

export const SCENARIO_NAMES = ['steady', 'drift', 'chaos'] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

/**
 * The built-in scenarios, timed as shares of the run so they fit any duration:
 * - `steady`: no problems;
 * - `drift`: covariate drift on the first model (20-60%, ramping in), a segment-only drift
 *   on the second (40-80%), concept drift on the first multi-class model (from 50%), an
 *   error burst (65-70%) and a latency spike (75-85%);
 * - `chaos`: all of `drift`, malformed records throughout (2% of traffic, every kind), and a
 *   short error burst on every model (90-92%).
 */
export function namedScenario(name: ScenarioName, models: readonly SimulatedModel[], durationMs: number): Scenario {
  return parseScenario(rawScenario(name, models), durationMs, `scenario "${name}"`);
}

function rawScenario(name: ScenarioName, models: readonly SimulatedModel[]): Record<string, unknown> {
  if (name === 'steady') return { name, description: 'Traffic as trained: no problems.', problems: [] };
  const at = (i: number) => models[i % models.length]!;
  const first = at(0);
  const second = at(1);
  const concept =
    models.find((m) => m.template.task === 'multiclass') ??
    models.find((m) => m.template.task === 'binary' && (m.template.positiveRate ?? 0.5) >= 0.2) ??
    first;
  const segment = second.template.segments[0];
  const segmentValue = segment ? Object.entries(segment.values).sort((a, b) => b[1] - a[1])[0]![0] : undefined;
  const segmentFeature = second.template.features.find((f) => f.type === 'numeric');
  const problems: Record<string, unknown>[] = [
    { kind: 'covariate-drift', models: [first.id], from: '20%', to: '60%', ramp: '5%' },
    ...(segment && segmentValue && segmentFeature
      ? [{ kind: 'covariate-drift', models: [second.id], where: { [segment.name]: segmentValue }, features: [segmentFeature.name], shift: -2, scale: 0.7, from: '40%', to: '80%' }]
      : []),
    { kind: 'concept-drift', models: [concept.id], strength: 0.9, from: '50%', ramp: '5%' },
    { kind: 'error-burst', models: [second.id], rate: 0.4, from: '65%', to: '70%' },
    { kind: 'latency-spike', models: [at(3).id], factor: 8, from: '75%', to: '85%', ramp: '2%' },
  ];
  if (name === 'drift') {
    return { name, description: 'Covariate drift, segment drift, concept drift, an error burst and a latency spike.', problems };
  }
  return {
    name,
    description: 'Everything in "drift", malformed records of every kind, and an error burst on every model.',
    problems: [
      ...problems,
      { kind: 'malformed', fraction: 0.02, kinds: { 'invalid-json': 3, 'missing-fields': 3, 'wrong-types': 3, 'random-bytes': 2, oversized: 0.5 } },
      { kind: 'error-burst', models: 'all', rate: 0.25, from: '90%', to: '92%' },
    ],
  };
}
