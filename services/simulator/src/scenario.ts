import type { LabelOptions } from './label-delay.ts';
import type { MalformedKind } from './malformed-record.ts';

/** When a problem is on, in milliseconds from the start of the simulation. */
export interface ProblemWindow {
  readonly fromMs: number;
  /** Infinity: until the end. */
  readonly toMs: number;
  /** The problem grows linearly to full strength over this long (0: at once). */
  readonly rampMs: number;
}

interface ProblemBase {
  readonly window: ProblemWindow;
  /** Model ids, or every model. */
  readonly models: 'all' | readonly string[];
  /** Only events whose segments have these values (e.g. `{ country: 'BR' }`). */
  readonly where?: Readonly<Record<string, string>>;
}

/** The inputs change: numeric ones shift or spread, categories change their mix. */
export interface CovariateDriftProblem extends ProblemBase {
  readonly kind: 'covariate-drift';
  /** Feature names; absent: each model's first numeric and first categorical feature. */
  readonly features?: readonly string[];
  /** In standard deviations of the training distribution. */
  readonly shift?: number;
  readonly scale?: number;
  /** Weights merged over the training shares (which sum to 1); a new name adds a category. */
  readonly categories?: Readonly<Record<string, number>>;
  readonly trueRate?: number;
  readonly nullRate?: number;
}

/** The relation between inputs and labels changes: the model is suddenly wrong. */
export interface ConceptDriftProblem extends ProblemBase {
  readonly kind: 'concept-drift';
  /** 0 to 1: how far the label function moves to the drifted one. */
  readonly strength: number;
}

export interface LatencySpikeProblem extends ProblemBase {
  readonly kind: 'latency-spike';
  /** Latency is multiplied by this. */
  readonly factor: number;
}

export interface ErrorBurstProblem extends ProblemBase {
  readonly kind: 'error-burst';
  /** Share of requests that fail (status "error") during the burst. */
  readonly rate: number;
}

/** Broken records sent beside the well-formed ones, as `raw` bytes. */
export interface MalformedProblem extends ProblemBase {
  readonly kind: 'malformed';
  /** Malformed records per well-formed inference event (0.01: one in a hundred). */
  readonly fraction: number;
  /** Relative weight of each kind; kinds left out are not sent. */
  readonly kinds: Readonly<Partial<Record<MalformedKind, number>>>;
  /** Share of malformed records sent to the ground-truth topic. */
  readonly groundTruthShare: number;
  readonly oversizedBytes: number;
}

export type Problem = CovariateDriftProblem | ConceptDriftProblem | LatencySpikeProblem | ErrorBurstProblem | MalformedProblem;
export type ProblemKind = Problem['kind'];
export const PROBLEM_KINDS: readonly ProblemKind[] = ['covariate-drift', 'concept-drift', 'latency-spike', 'error-burst', 'malformed'];

/** A schedule of problems, and optionally how labels arrive. */
export interface Scenario {
  readonly name: string;
  readonly description?: string;
  readonly labels?: LabelOptions;
  readonly problems: readonly Problem[];
}
