import type { EventTopic, MalformedKind } from './malformed-record.ts';

export interface ModelCounts {
  /** Well-formed inference events sent (errors included). */
  inference: number;
  /** Of those, status "error". */
  errors: number;
  labelsSent: number;
  /** Labels that never arrive (the never-labelled fraction). */
  labelsWithheld: number;
  /** Labels that would arrive after the run ended (not sent). */
  labelsPending: number;
}

/** What a run sent, so tests and the CLI summary can check totals. */
export interface SimulationResult {
  readonly seed: number | string;
  /** Epoch milliseconds of simulated time 0, and of the moment the run stopped. */
  readonly startTime: number;
  readonly endTime: number;
  readonly simulatedMs: number;
  /** Real milliseconds the run took. */
  readonly elapsedMs: number;
  readonly aborted: boolean;
  readonly inference: number;
  readonly errors: number;
  readonly labels: { readonly sent: number; readonly withheld: number; readonly pending: number };
  readonly malformed: { readonly total: number; readonly byKind: Record<MalformedKind, number>; readonly byTopic: Record<EventTopic, number> };
  readonly models: Readonly<Record<string, ModelCounts>>;
}

/** A report while the run goes on. */
export interface SimulationProgress {
  readonly phase: 'running' | 'draining';
  readonly simulatedMs: number;
  readonly durationMs: number;
  readonly elapsedMs: number;
  readonly inference: number;
  readonly errors: number;
  readonly labelsSent: number;
  readonly labelsWithheld: number;
  readonly labelsPending: number;
  readonly malformed: number;
  /** How far the sink is behind the pace asked for, in real milliseconds. */
  readonly lagMs: number;
}
