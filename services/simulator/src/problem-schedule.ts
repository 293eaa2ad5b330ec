import { categoryShares, type FeatureSpec } from './feature-spec.ts';
import { combineDrifts, type FeatureDrift } from './feature-drift.ts';
import type { MalformedKind } from './malformed-record.ts';
import type { Problem, ProblemWindow, Scenario } from './scenario.ts';
import { ScenarioError } from './scenario-error.ts';
import type { SimulatedModel } from './simulated-model.ts';

/** What the scenario does to one event. */
export interface ActiveEffects {
  /** Feature name to its drift; empty when no covariate drift is on. */
  readonly drifts: ReadonlyMap<string, FeatureDrift>;
  /** 0 to 1: how far the label function has moved. */
  readonly conceptStrength: number;
  readonly latencyFactor: number;
  /** Share of requests that fail, when an error burst is on. */
  readonly errorRate: number | null;
  readonly malformed: readonly MalformedRule[];
}

export interface MalformedRule {
  readonly fraction: number;
  readonly kinds: readonly MalformedKind[];
  readonly weights: readonly number[];
  readonly groundTruthShare: number;
  readonly oversizedBytes: number;
}

interface Entry {
  readonly problem: Problem;
  readonly models: ReadonlySet<string> | 'all';
  /** Covariate drift: per model, its features' drifts at full strength. */
  readonly drifts?: ReadonlyMap<string, ReadonlyMap<string, FeatureDrift>>;
  readonly malformed?: MalformedRule;
}

const NO_DRIFTS: ReadonlyMap<string, FeatureDrift> = new Map();

/**
 * A scenario checked against the models it runs on: unknown model and feature names are
 * refused here, before anything is sent. `effectsAt` answers what is on for one event.
 */
export class ProblemSchedule {
  private readonly entries: readonly Entry[];

  constructor(scenario: Scenario, models: readonly SimulatedModel[]) {
    const problems: string[] = [];
    const byId = new Map(models.map((m) => [m.id, m]));
    this.entries = scenario.problems.map((problem, i) => {
      const where = `problem ${i + 1} (${problem.kind})`;
      let selected: SimulatedModel[] = models.slice();
      if (problem.models !== 'all') {
        selected = [];
        for (const id of problem.models) {
          const model = byId.get(id);
          if (model) selected.push(model);
          else problems.push(`${where}: no model "${id}"; the models are ${models.map((m) => m.id).join(', ')}`);
        }
      }
      const entry: { -readonly [K in keyof Entry]: Entry[K] } = { problem, models: problem.models === 'all' ? 'all' : new Set(problem.models) };
      if (problem.kind === 'covariate-drift') entry.drifts = covariateDrifts(problem, selected, where, problems);
      if (problem.kind === 'malformed') {
        const kinds = Object.entries(problem.kinds).filter(([, w]) => (w ?? 0) > 0) as [MalformedKind, number][];
        entry.malformed = {
          fraction: problem.fraction,
          kinds: kinds.map(([k]) => k),
          weights: kinds.map(([, w]) => w),
          groundTruthShare: problem.groundTruthShare,
          oversizedBytes: problem.oversizedBytes,
        };
      }
      return entry;
    });
    if (problems.length > 0) throw new ScenarioError(problems);
  }

  effectsAt(offsetMs: number, modelId: string, segments: Readonly<Record<string, string>>): ActiveEffects {
    let drifts: Map<string, FeatureDrift> | null = null;
    let conceptStrength = 0;
    let latencyFactor = 1;
    let errorRate: number | null = null;
    const malformed: MalformedRule[] = [];
    for (const entry of this.entries) {
      const p = entry.problem;
      const intensity = windowIntensity(p.window, offsetMs);
      if (intensity <= 0) continue;
      if (entry.models !== 'all' && !entry.models.has(modelId)) continue;
      if (p.where && Object.entries(p.where).some(([k, v]) => segments[k] !== v)) continue;
      switch (p.kind) {
        case 'covariate-drift': {
          const features = entry.drifts?.get(modelId);
          if (!features) break;
          drifts ??= new Map();
          for (const [name, drift] of features) {
            const scaled = { ...drift, intensity };
            const before = drifts.get(name);
            drifts.set(name, before ? combineDrifts(before, scaled) : scaled);
          }
          break;
        }
        case 'concept-drift':
          conceptStrength = Math.max(conceptStrength, p.strength * intensity);
          break;
        case 'latency-spike':
          latencyFactor *= 1 + (p.factor - 1) * intensity;
          break;
        case 'error-burst':
          errorRate = Math.max(errorRate ?? 0, p.rate * intensity);
          break;
        case 'malformed':
          malformed.push({ ...entry.malformed!, fraction: entry.malformed!.fraction * intensity });
          break;
      }
    }
    return { drifts: drifts ?? NO_DRIFTS, conceptStrength, latencyFactor, errorRate, malformed };
  }
}

/** 0 outside the window, rising linearly over the ramp, then 1. */
export function windowIntensity(window: ProblemWindow, offsetMs: number): number {
  if (offsetMs < window.fromMs || offsetMs >= window.toMs) return 0;
  if (window.rampMs <= 0) return 1;
  return Math.min(1, (offsetMs - window.fromMs) / window.rampMs);
}

function covariateDrifts(
  problem: Extract<Problem, { kind: 'covariate-drift' }>,
  models: readonly SimulatedModel[],
  where: string,
  problems: string[],
): Map<string, Map<string, FeatureDrift>> {
  const out = new Map<string, Map<string, FeatureDrift>>();
  const explicit = problem.shift !== undefined || problem.scale !== undefined || problem.categories !== undefined || problem.trueRate !== undefined || problem.nullRate !== undefined;
  const found = new Set<string>();
  for (const model of models) {
    const specs = problem.features
      ? model.template.features.filter((f) => problem.features!.includes(f.name))
      : defaultDriftFeatures(model.template.features);
    for (const spec of specs) found.add(spec.name);
    out.set(model.id, new Map(specs.map((spec) => [spec.name, explicit ? explicitDrift(problem) : defaultDrift(spec)])));
  }
  for (const name of problem.features ?? []) {
    if (!found.has(name)) {
      const known = [...new Set(models.flatMap((m) => m.template.features.map((f) => f.name)))];
      problems.push(`${where}: no selected model has a feature "${name}"; their features are ${known.join(', ')}`);
    }
  }
  return out;
}

/** Without a named feature: each model's first numeric and first categorical input. */
export function defaultDriftFeatures(features: readonly FeatureSpec[]): FeatureSpec[] {
  const picked: FeatureSpec[] = [];
  const numeric = features.find((f) => f.type === 'numeric');
  const categorical = features.find((f) => f.type === 'categorical');
  if (numeric) picked.push(numeric);
  if (categorical) picked.push(categorical);
  return picked;
}

function explicitDrift(p: Extract<Problem, { kind: 'covariate-drift' }>): FeatureDrift {
  return {
    shift: p.shift ?? 0,
    scale: p.scale ?? 1,
    intensity: 1,
    ...(p.categories ? { categories: p.categories } : {}),
    ...(p.trueRate !== undefined ? { trueRate: p.trueRate } : {}),
    ...(p.nullRate !== undefined ? { nullRate: p.nullRate } : {}),
  };
}

/**
 * A drift that says nothing of how: numbers move up 1.5 standard deviations and spread a
 * fifth wider, categories swap their shares (the rarest becomes the commonest), booleans flip.
 */
function defaultDrift(spec: FeatureSpec): FeatureDrift {
  if (spec.type === 'numeric') return { shift: 1.5, scale: 1.2, intensity: 1 };
  if (spec.type === 'boolean') return { shift: 0, scale: 1, trueRate: 1 - spec.trueRate, intensity: 1 };
  const shares = Object.entries(categoryShares(spec)).sort((a, b) => a[1] - b[1]);
  const reversed = Object.fromEntries(shares.map(([name], i) => [name, shares[shares.length - 1 - i]![1]]));
  return { shift: 0, scale: 1, categories: reversed, intensity: 1 };
}

/** Throws a ScenarioError when the scenario names models or features the catalog lacks. */
export function checkScenario(scenario: Scenario, models: readonly SimulatedModel[]): void {
  new ProblemSchedule(scenario, models);
}
