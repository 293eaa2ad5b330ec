import { createHash, randomUUID } from 'node:crypto';
import { stableJson } from '../stable-json.ts';

/** Who did something: every control event names its actor. */
export interface ControlActor {
  readonly id: string;
  readonly role: string | null;
  /** `api`, `cli`, `slack`, `ldap`, `file` or `system`. */
  readonly via: string;
}

/**
 * One event of the control log (`modelwatch.control`, schemas/control-event.avsc): lifecycle,
 * governance and alerting changes (`rule.changed`, `silence.created`, `alert.acknowledged`...).
 * The kind-specific body is JSON text in `payload_json`.
 */
export interface ControlEvent {
  readonly event_id: string;
  readonly type: string;
  readonly timestamp: number;
  readonly actor: ControlActor;
  readonly model_id: string | null;
  readonly model_version: string | null;
  readonly subject: string | null;
  readonly payload_json: string;
  readonly previous_hash: string | null;
  readonly hash: string;
}

export interface ControlEventDraft {
  readonly type: string;
  readonly actor: ControlActor;
  readonly payload: unknown;
  readonly modelId?: string;
  readonly modelVersion?: string;
  readonly subject?: string;
}

/** hash = SHA-256 hex of the previous hash (or '') and the canonical JSON of the event without `hash`. */
export function controlEventHash(event: Omit<ControlEvent, 'hash'>): string {
  return createHash('sha256')
    .update(event.previous_hash ?? '')
    .update(stableJson(event))
    .digest('hex');
}

export function buildControlEvent(draft: ControlEventDraft, timestamp: number, previousHash: string | null): ControlEvent {
  const body: Omit<ControlEvent, 'hash'> = {
    event_id: randomUUID(),
    type: draft.type,
    timestamp,
    actor: draft.actor,
    model_id: draft.modelId ?? null,
    model_version: draft.modelVersion ?? null,
    subject: draft.subject ?? null,
    payload_json: JSON.stringify(draft.payload),
    previous_hash: previousHash,
  };
  return { ...body, hash: controlEventHash(body) };
}

/** Reads a control event from its JSON form; null when the record is not one. */
export function parseControlEvent(json: unknown): ControlEvent | null {
  if (typeof json !== 'object' || json === null) return null;
  const e = json as Record<string, unknown>;
  const actor = e.actor as Record<string, unknown> | undefined;
  if (
    typeof e.event_id !== 'string' ||
    typeof e.type !== 'string' ||
    typeof e.timestamp !== 'number' ||
    typeof e.payload_json !== 'string' ||
    typeof e.hash !== 'string' ||
    typeof actor !== 'object' ||
    actor === null ||
    typeof actor.id !== 'string' ||
    typeof actor.via !== 'string'
  ) {
    return null;
  }
  return {
    event_id: e.event_id,
    type: e.type,
    timestamp: e.timestamp,
    actor: { id: actor.id, role: typeof actor.role === 'string' ? actor.role : null, via: actor.via },
    model_id: typeof e.model_id === 'string' ? e.model_id : null,
    model_version: typeof e.model_version === 'string' ? e.model_version : null,
    subject: typeof e.subject === 'string' ? e.subject : null,
    payload_json: e.payload_json,
    previous_hash: typeof e.previous_hash === 'string' ? e.previous_hash : null,
    hash: e.hash,
  };
}
