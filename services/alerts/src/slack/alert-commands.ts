import type { Alert } from '@modelwatch/core';

/** modelwatch's roles as far as alerting goes: viewers may look, on-call may act, admins may do all. */
export type AlertingRole = 'viewer' | 'oncall' | 'admin';

const ROLE_RANK: Readonly<Record<AlertingRole, number>> = { viewer: 0, oncall: 1, admin: 2 };

/** Whether `role` may do what needs `needed` (nothing needed: anyone; no role: nothing). */
export function roleAllows(role: AlertingRole | undefined, needed: AlertingRole | undefined): boolean {
  if (needed === undefined) return true;
  return role !== undefined && ROLE_RANK[role] >= ROLE_RANK[needed];
}

/** Who did something, as recorded on the control log. */
export interface Actor {
  readonly id: string;
  readonly role: AlertingRole;
  /** `slack`, `api`, `cli` or `system`. */
  readonly via: string;
  /** A display name, when the channel knows one. */
  readonly name?: string;
}

export interface SilenceRequest {
  /** Alertmanager matcher strings, e.g. `model_id="fraud-detector"`. */
  readonly matchers: readonly string[];
  readonly durationMs: number;
  readonly comment: string;
}

export interface ModelStatus {
  readonly modelId: string;
  /** Newest evaluated window, epoch ms; null when the model has none. */
  readonly lastWindowStart: number | null;
  /** A few headline metrics of the newest window (accuracy, error_rate, latency p99, drifted features). */
  readonly headline: readonly { readonly metric: string; readonly feature: string; readonly value: number | null; readonly status: string }[];
  readonly activeAlerts: readonly Alert[];
}

/**
 * The actions the Slack bot (and the HTTP API) can take. The alerts service implements them:
 * every change is written to the control log with its actor, then applied.
 * Methods throw CommandError with a message for the user when the target does not exist.
 */
export interface AlertCommands {
  /** Acknowledges a group (by its key) or one alert (by fingerprint or a unique prefix of one). */
  acknowledge(actor: Actor, target: string): Promise<{ readonly groupKeys: readonly string[] }>;
  /** Marks a group or alert resolved by hand. */
  resolve(actor: Actor, target: string): Promise<{ readonly groupKeys: readonly string[] }>;
  silence(actor: Actor, request: SilenceRequest): Promise<{ readonly silenceId: string; readonly endsAt: number }>;
  activeAlerts(): Promise<readonly Alert[]>;
  modelStatus(modelId: string): Promise<ModelStatus>;
}

export class CommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandError';
  }
}
