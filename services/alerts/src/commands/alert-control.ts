import { randomUUID } from 'node:crypto';
import {
  ruleToData,
  silenceRequestProblem,
  validateRule,
  type Alert,
  type ControlEvent,
  type ControlEventDraft,
  type Rule,
  type Silence,
} from '@modelwatch/core';
import type { AlertEngine } from '../alert-engine.ts';
import { CommandError, roleAllows, type Actor, type AlertCommands, type AlertingRole, type ModelStatus, type SilenceRequest } from '../slack/alert-commands.ts';
import type { ModelHeadline } from './model-status-query.ts';

/** The control-log event types of alerting; each documents its payload in sql/README.md's control log section. */
export const ALERT_CONTROL_TYPES = {
  ruleChanged: 'rule.changed',
  ruleDeleted: 'rule.deleted',
  silenceCreated: 'silence.created',
  silenceExpired: 'silence.expired',
  acknowledged: 'alert.acknowledged',
  resolvedByHand: 'alert.resolved_by_hand',
} as const;

export interface AlertControlOptions {
  readonly engine: AlertEngine;
  readonly append: (draft: ControlEventDraft) => Promise<ControlEvent>;
  readonly headline: (modelId: string) => Promise<ModelHeadline>;
  readonly now: () => number;
}

/**
 * Every action on alerts, from Slack or the API: checked against the actor's role, written to
 * the control log with who did it, then applied. Events read back from the log are applied by
 * `applyFromLog`, which skips those this process already applied.
 */
export class AlertControl implements AlertCommands {
  private readonly appliedHere = new Set<string>();

  constructor(private readonly options: AlertControlOptions) {}

  async acknowledge(actor: Actor, target: string): Promise<{ groupKeys: string[] }> {
    requireRole(actor, 'oncall', 'acknowledge alerts');
    const groupKeys = this.groupsOf(target);
    const event = await this.record(actor, { type: ALERT_CONTROL_TYPES.acknowledged, subject: target, payload: { target, group_keys: groupKeys }, ...modelOf(this.alertsOf(groupKeys)) });
    await this.options.engine.acknowledge(groupKeys, actor.name ?? actor.id);
    this.appliedHere.add(event.event_id);
    return { groupKeys };
  }

  async resolve(actor: Actor, target: string): Promise<{ groupKeys: string[] }> {
    requireRole(actor, 'oncall', 'resolve alerts');
    const groupKeys = this.groupsOf(target);
    const fingerprints = this.fingerprintsOf(target, groupKeys);
    const event = await this.record(actor, { type: ALERT_CONTROL_TYPES.resolvedByHand, subject: target, payload: { target, fingerprints }, ...modelOf(this.alertsOf(groupKeys)) });
    await this.options.engine.resolveByHand(fingerprints);
    this.appliedHere.add(event.event_id);
    return { groupKeys };
  }

  async silence(actor: Actor, request: SilenceRequest): Promise<{ silenceId: string; endsAt: number }> {
    requireRole(actor, 'oncall', 'create silences');
    const problem = silenceRequestProblem(request);
    if (problem !== undefined) throw new CommandError(problem);
    const now = this.options.now();
    const silence: Silence = {
      id: randomUUID(),
      matchers: [...request.matchers],
      startsAt: now,
      endsAt: now + request.durationMs,
      createdBy: actor.name ?? actor.id,
      comment: request.comment,
    };
    const event = await this.record(actor, { type: ALERT_CONTROL_TYPES.silenceCreated, subject: silence.id, payload: silencePayload(silence) });
    await this.options.engine.silence(silence);
    this.appliedHere.add(event.event_id);
    return { silenceId: silence.id, endsAt: silence.endsAt };
  }

  async expireSilence(actor: Actor, id: string): Promise<Silence> {
    requireRole(actor, 'oncall', 'expire silences');
    if (!this.options.engine.silences.get(id)) throw new CommandError(`no silence ${id}; GET /api/v1/silences lists them`);
    const event = await this.record(actor, { type: ALERT_CONTROL_TYPES.silenceExpired, subject: id, payload: { id } });
    const expired = await this.options.engine.expireSilence(id);
    this.appliedHere.add(event.event_id);
    return expired!;
  }

  async putRule(actor: Actor, raw: unknown): Promise<Rule> {
    requireRole(actor, 'admin', 'change alert rules');
    const checked = validateRule(raw);
    if (!checked.ok) throw new CommandError(checked.problems.join('; '));
    const rules = new Map(this.options.engine.currentRules().map((r) => [r.id, r]));
    rules.set(checked.rule.id, checked.rule);
    const event = await this.record(actor, { type: ALERT_CONTROL_TYPES.ruleChanged, subject: checked.rule.id, payload: { rule: ruleToData(checked.rule) } });
    await this.options.engine.setRules([...rules.values()]);
    this.appliedHere.add(event.event_id);
    return checked.rule;
  }

  async deleteRule(actor: Actor, id: string): Promise<void> {
    requireRole(actor, 'admin', 'change alert rules');
    if (!this.options.engine.rule(id)) throw new CommandError(`no rule ${id}; GET /api/v1/rules lists them`);
    const event = await this.record(actor, { type: ALERT_CONTROL_TYPES.ruleDeleted, subject: id, payload: { id } });
    await this.options.engine.setRules(this.options.engine.currentRules().filter((r) => r.id !== id));
    this.appliedHere.add(event.event_id);
  }

  async activeAlerts(): Promise<Alert[]> {
    return this.options.engine.active().filter((a) => a.state === 'firing');
  }

  async modelStatus(modelId: string): Promise<ModelStatus> {
    const headline = await this.options.headline(modelId);
    const activeAlerts = this.options.engine.active().filter((a) => a.labels.model_id === modelId && a.state === 'firing');
    if (headline.lastWindowStart === null && activeAlerts.length === 0) {
      throw new CommandError(`no metrics for model "${modelId}"; model ids are case-sensitive, /modelwatch alerts lists the active ones`);
    }
    return { modelId, lastWindowStart: headline.lastWindowStart, headline: headline.rows, activeAlerts };
  }

  /**
   * Applies an event another process wrote (or this one, before a restart). Acknowledgements
   * apply only to groups still firing since before the click, so a group that resolved and
   * fired again is not silently acknowledged by an old click.
   */
  async applyFromLog(event: ControlEvent): Promise<void> {
    if (this.appliedHere.delete(event.event_id)) return;
    const payload = JSON.parse(event.payload_json) as Record<string, unknown>;
    const engine = this.options.engine;
    switch (event.type) {
      case ALERT_CONTROL_TYPES.ruleChanged: {
        const checked = validateRule(payload.rule);
        if (!checked.ok) return;
        const rules = new Map(engine.currentRules().map((r) => [r.id, r]));
        rules.set(checked.rule.id, checked.rule);
        await engine.setRules([...rules.values()]);
        return;
      }
      case ALERT_CONTROL_TYPES.ruleDeleted:
        await engine.setRules(engine.currentRules().filter((r) => r.id !== payload.id));
        return;
      case ALERT_CONTROL_TYPES.silenceCreated: {
        const silence = silenceFromPayload(payload);
        if (silence) await engine.silence(silence).catch(() => undefined);
        return;
      }
      case ALERT_CONTROL_TYPES.silenceExpired:
        if (typeof payload.id === 'string') await engine.expireSilence(payload.id);
        return;
      case ALERT_CONTROL_TYPES.acknowledged: {
        const keys = Array.isArray(payload.group_keys) ? payload.group_keys.filter((k): k is string => typeof k === 'string') : [];
        const groups = new Map(engine.dispatcher.groups().map((g) => [g.groupKey, g]));
        const current = keys.filter((key) => {
          const group = groups.get(key);
          const firing = group?.alerts.filter((a) => a.state === 'firing') ?? [];
          return firing.length > 0 && firing.every((a) => a.startsAt <= event.timestamp);
        });
        await engine.acknowledge(current, event.actor.id);
        return;
      }
      case ALERT_CONTROL_TYPES.resolvedByHand:
        // Its outcome was published on the alerts topic, which a restart restores from.
        return;
      default:
        return;
    }
  }

  private groupsOf(target: string): string[] {
    const groups = this.options.engine.dispatcher.groups();
    if (groups.some((g) => g.groupKey === target)) return [target];
    const fingerprints = [...new Set(groups.flatMap((g) => g.alerts.filter((a) => a.state === 'firing').map((a) => a.fingerprint)))].filter((fp) => fp.startsWith(target));
    if (target.length < 4 || fingerprints.length === 0) throw new CommandError(`no firing alert or group matches "${target}"; /modelwatch alerts lists them with their ids`);
    if (fingerprints.length > 1) throw new CommandError(`"${target}" matches ${fingerprints.length} alerts; give more characters of the id`);
    return this.options.engine.dispatcher.groupKeysOf(fingerprints[0]!);
  }

  private fingerprintsOf(target: string, groupKeys: readonly string[]): string[] {
    const firing = this.alertsOf(groupKeys).filter((a) => a.state === 'firing');
    const one = firing.filter((a) => a.fingerprint.startsWith(target));
    return (one.length > 0 ? one : firing).map((a) => a.fingerprint);
  }

  private alertsOf(groupKeys: readonly string[]): Alert[] {
    const keys = new Set(groupKeys);
    return this.options.engine.dispatcher.groups().filter((g) => keys.has(g.groupKey)).flatMap((g) => [...g.alerts]);
  }

  private record(actor: Actor, draft: Omit<ControlEventDraft, 'actor'>): Promise<ControlEvent> {
    return this.options.append({ ...draft, actor: { id: actor.id, role: actor.role, via: actor.via } });
  }
}

export function requireRole(actor: Actor, needed: AlertingRole, action: string): void {
  if (!roleAllows(actor.role, needed)) throw new CommandError(`you need the ${needed} role to ${action}; ask an admin to map your user to it`);
}

function modelOf(alerts: readonly Alert[]): { modelId?: string } {
  const models = new Set(alerts.map((a) => a.labels.model_id).filter((m): m is string => Boolean(m)));
  return models.size === 1 ? { modelId: [...models][0]! } : {};
}

function silencePayload(s: Silence): Record<string, unknown> {
  return { id: s.id, matchers: s.matchers, starts_at: s.startsAt, ends_at: s.endsAt, created_by: s.createdBy, comment: s.comment };
}

function silenceFromPayload(p: Record<string, unknown>): Silence | null {
  if (typeof p.id !== 'string' || !Array.isArray(p.matchers) || typeof p.starts_at !== 'number' || typeof p.ends_at !== 'number') return null;
  return {
    id: p.id,
    matchers: p.matchers.filter((m): m is string => typeof m === 'string'),
    startsAt: p.starts_at,
    endsAt: p.ends_at,
    createdBy: typeof p.created_by === 'string' ? p.created_by : '',
    comment: typeof p.comment === 'string' ? p.comment : '',
  };
}
