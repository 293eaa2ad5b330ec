import { createHash } from 'node:crypto';
import type { Alert, Labels } from '../alert.ts';
import type { Clock } from '../clock.ts';
import type { Notification, NotificationReason } from '../notification.ts';
import { type Inhibition, Inhibitor } from './inhibitor.ts';
import { matchesAll } from './matchers.ts';
import { dedupReason, type NotificationLog, type NotificationLogEntry } from './notification-log.ts';
import { groupKeyOf, groupLabelsOf, type RouteNode, RouteTree } from './route-tree.ts';
import type { RoutingConfig } from './routing-config.ts';
import type { SilenceStore } from './silences.ts';

export interface DispatcherOptions {
  readonly routing: RoutingConfig;
  readonly clock: Clock;
  readonly silences: SilenceStore;
  readonly notificationLog: NotificationLog;
  readonly onNotification: (notification: Notification) => void;
  /** Whether receivers hear about resolved alerts (Alertmanager's send_resolved); `all_alerts_resolved` is logged either way. */
  readonly sendResolved?: boolean;
}

/** Why an alert is left out of notifications right now. */
export interface MuteStatus {
  readonly inhibitedBy: Inhibition | null;
  readonly silencedBy: readonly string[];
}

/** An aggregation group as `/modelwatch alerts` shows it. */
export interface AlertGroupView {
  readonly groupKey: string;
  readonly routeId: string;
  readonly receiver: string;
  readonly groupLabels: Labels;
  /** Firing first, then resolved, each by fingerprint. */
  readonly alerts: readonly Alert[];
  readonly acknowledgedBy: string | null;
  readonly escalated: boolean;
  readonly escalationReceiver: string | null;
}

interface AggregationGroup {
  readonly key: string;
  readonly route: RouteNode;
  readonly labels: Labels;
  readonly alerts: Map<string, Alert>;
  cancelFlush: () => void;
  cancelEscalation: (() => void) | null;
  ack: { readonly by: string; readonly at: number } | null;
}

/**
 * Alertmanager's dispatcher and notification pipeline (dispatch/dispatch.go, notify/notify.go)
 * on a Clock: alerts are routed into aggregation groups, each flushed after group_wait and then
 * every group_interval through inhibition, silences and the dedup stage. modelwatch adds
 * acknowledgement and escalation, both kept in the notification log so a restart resumes them.
 */
export class Dispatcher {
  private readonly tree: RouteTree;
  private readonly inhibitor: Inhibitor;
  private readonly clock: Clock;
  private readonly silences: SilenceStore;
  private readonly log: NotificationLog;
  private readonly onNotification: (notification: Notification) => void;
  private readonly sendResolved: boolean;
  private readonly groupsByKey = new Map<string, AggregationGroup>();
  /** Firing alerts by fingerprint: the candidate sources of inhibition. */
  private readonly firing = new Map<string, Alert>();
  private stopped = false;

  constructor(options: DispatcherOptions) {
    this.tree = new RouteTree(options.routing.route);
    this.inhibitor = new Inhibitor(options.routing.inhibitRules);
    this.clock = options.clock;
    this.silences = options.silences;
    this.log = options.notificationLog;
    this.onNotification = options.onNotification;
    this.sendResolved = options.sendResolved ?? true;
  }

  /**
   * Takes the alert's latest state. Pending alerts are not routed. A resolved alert updates the
   * groups holding it; it only opens a group if that group's receiver was told it fires (after a
   * restart), so a repeated resolved event is not news.
   */
  upsert(alert: Alert): void {
    if (this.stopped || alert.state === 'pending') return;
    if (alert.state === 'firing') this.firing.set(alert.fingerprint, alert);
    else this.firing.delete(alert.fingerprint);

    for (const route of this.tree.match(alert.labels)) {
      const labels = groupLabelsOf(route, alert.labels);
      const key = groupKeyOf(route, labels);
      const group = this.groupsByKey.get(key);
      const known = group?.alerts.has(alert.fingerprint) ?? false;
      if (alert.state === 'resolved' && !known && !this.log.get(key, route.receiver)?.firing.includes(alert.fingerprint)) continue;
      if (group) group.alerts.set(alert.fingerprint, alert);
      else this.openGroup(route, labels, key, alert);
    }
  }

  /**
   * Acknowledges a group with firing alerts: stops its escalation and repeats until it has no
   * firing alerts, and tells its receiver (and the escalation receiver if it escalated) once.
   * Returns false for an unknown group, one without firing alerts, or one already acknowledged.
   */
  acknowledge(groupKey: string, by: string): boolean {
    const group = this.groupsByKey.get(groupKey);
    if (!group || group.ack || !this.hasFiring(group)) return false;
    const now = this.clock.now();
    group.ack = { by, at: now };
    group.cancelEscalation?.();
    group.cancelEscalation = null;
    const firing = this.alertsToShow(group, now);
    for (const receiver of this.receiversTold(group)) {
      const entry = this.log.get(group.key, receiver)!;
      this.emit(group, receiver, 'acknowledged', firing, [], now, by);
      this.log.record({ ...entry, acknowledgedBy: by, acknowledgedAt: now });
    }
    return true;
  }

  /** Acknowledges every group in which this alert fires; returns their keys. */
  acknowledgeAlert(fingerprint: string, by: string): string[] {
    return this.groupKeysOf(fingerprint).filter(
      (key) => this.groupsByKey.get(key)?.alerts.get(fingerprint)?.state === 'firing' && this.acknowledge(key, by),
    );
  }

  /** The keys of the groups holding this alert. */
  groupKeysOf(fingerprint: string): string[] {
    return [...this.groupsByKey.values()].filter((g) => g.alerts.has(fingerprint)).map((g) => g.key).sort();
  }

  groups(): AlertGroupView[] {
    return [...this.groupsByKey.values()]
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .map((group) => ({
        groupKey: group.key,
        routeId: group.route.id,
        receiver: group.route.receiver,
        groupLabels: group.labels,
        alerts: ordered([...group.alerts.values()]),
        acknowledgedBy: group.ack?.by ?? null,
        escalated: this.escalated(group),
        escalationReceiver: group.route.escalation?.receiver ?? null,
      }));
  }

  /** Why this alert is muted now (inhibition is checked first, as in the pipeline), or null if it is not. */
  muted(fingerprint: string): MuteStatus | null {
    const alert = this.firing.get(fingerprint) ?? [...this.groupsByKey.values()].find((g) => g.alerts.has(fingerprint))?.alerts.get(fingerprint);
    if (!alert) return null;
    const status = this.muteStatus(alert, this.clock.now());
    return status.inhibitedBy || status.silencedBy.length > 0 ? status : null;
  }

  /** Cancels every timer; later upserts are ignored. */
  stop(): void {
    this.stopped = true;
    for (const group of this.groupsByKey.values()) {
      group.cancelFlush();
      group.cancelEscalation?.();
    }
  }

  private openGroup(route: RouteNode, labels: Labels, key: string, first: Alert): void {
    const now = this.clock.now();
    const told = this.log.get(key, route.receiver);
    // An old alert (e.g. re-read after a restart) need not wait group_wait again.
    const wait = first.startsAt + route.groupWaitMs < now ? 0 : route.groupWaitMs;
    const group: AggregationGroup = {
      key,
      route,
      labels,
      alerts: new Map([[first.fingerprint, first]]),
      cancelFlush: () => {},
      cancelEscalation: null,
      ack: told && told.firing.length > 0 && told.acknowledgedBy !== undefined ? { by: told.acknowledgedBy, at: told.acknowledgedAt ?? told.timestamp } : null,
    };
    group.cancelFlush = this.clock.schedule(wait, () => this.tick(group));
    this.groupsByKey.set(key, group);
  }

  private tick(group: AggregationGroup): void {
    if (this.stopped || this.groupsByKey.get(group.key) !== group) return;
    group.cancelFlush = this.clock.schedule(group.route.groupIntervalMs, () => this.tick(group));
    this.flush(group);
    if (group.alerts.size === 0) this.destroy(group);
  }

  private flush(group: AggregationGroup): void {
    const now = this.clock.now();
    const all = ordered([...group.alerts.values()]);
    const visible = all.filter((a) => !this.isMuted(a, now));
    // Nothing left after muting: the pipeline stops before the dedup stage, as in Alertmanager.
    if (visible.length > 0) {
      const firing = visible.filter((a) => a.state === 'firing');
      const resolved = visible.filter((a) => a.state === 'resolved');
      this.notifyReceiver(group, firing, resolved, now);
      this.notifyEscalationResolved(group, firing, resolved, now);
    }
    if (!all.some((a) => a.state === 'firing')) this.clearAck(group);
    // Resolved alerts have been through the pipeline once; drop them (DeleteIfNotModified).
    for (const alert of all) if (alert.state === 'resolved') group.alerts.delete(alert.fingerprint);
    this.armEscalation(group);
  }

  private notifyReceiver(group: AggregationGroup, firing: Alert[], resolved: Alert[], now: number): void {
    const { receiver, repeatIntervalMs } = group.route;
    const entry = this.log.get(group.key, receiver);
    let reason = dedupReason(entry, fingerprints(firing), fingerprints(resolved), { repeatIntervalMs, sendResolved: this.sendResolved, now });
    if (reason === 'repeat_interval_elapsed' && group.ack) reason = 'none';
    if (reason === 'none') return;
    const canEscalate = firing.some((a) => this.escalates(group, a));
    const armedAt = firing.length === 0 ? undefined : reason === 'first_notification' ? (canEscalate ? now : undefined) : (entry?.escalationArmedAt ?? (canEscalate ? now : undefined));
    this.emit(group, receiver, reason, firing, resolved, now);
    this.log.record(
      withoutUndefined({
        groupKey: group.key,
        receiver,
        timestamp: now,
        firing: firing.map((a) => a.fingerprint),
        resolved: resolved.map((a) => a.fingerprint),
        escalationArmedAt: armedAt,
        acknowledgedBy: firing.length > 0 ? group.ack?.by : undefined,
        acknowledgedAt: firing.length > 0 ? group.ack?.at : undefined,
      }),
    );
  }

  /** After an escalation, the escalation receiver also hears that everything resolved. */
  private notifyEscalationResolved(group: AggregationGroup, firing: Alert[], resolved: Alert[], now: number): void {
    const escalation = group.route.escalation;
    if (!escalation) return;
    const entry = this.log.get(group.key, escalation.receiver);
    const options = { repeatIntervalMs: group.route.repeatIntervalMs, sendResolved: this.sendResolved, now };
    if (dedupReason(entry, fingerprints(firing), fingerprints(resolved), options) !== 'all_alerts_resolved') return;
    this.emit(group, escalation.receiver, 'all_alerts_resolved', [], resolved, now);
    this.log.record({ groupKey: group.key, receiver: escalation.receiver, timestamp: now, firing: [], resolved: resolved.map((a) => a.fingerprint) });
  }

  /**
   * Schedules the escalation check at the time the episode first notified escalating alerts plus
   * `after`, read from the log so that a restarted dispatcher keeps the original time.
   */
  private armEscalation(group: AggregationGroup): void {
    const escalation = group.route.escalation;
    if (!escalation || group.cancelEscalation || group.ack || this.escalated(group) || group.alerts.size === 0) return;
    const armedAt = this.log.get(group.key, group.route.receiver)?.escalationArmedAt;
    if (armedAt === undefined) return;
    const delay = Math.max(0, armedAt + escalation.afterMs - this.clock.now());
    group.cancelEscalation = this.clock.schedule(delay, () => {
      group.cancelEscalation = null;
      this.escalate(group);
    });
  }

  private escalate(group: AggregationGroup): void {
    const escalation = group.route.escalation;
    if (!escalation || this.stopped || this.groupsByKey.get(group.key) !== group || group.ack || this.escalated(group)) return;
    const now = this.clock.now();
    const told = new Set(this.log.get(group.key, group.route.receiver)?.firing ?? []);
    const alerts = ordered([...group.alerts.values()]).filter(
      (a) => a.state === 'firing' && told.has(a.fingerprint) && this.escalates(group, a) && !this.isMuted(a, now),
    );
    if (alerts.length === 0) return;
    this.emit(group, escalation.receiver, 'escalation', alerts, [], now);
    this.log.record({ groupKey: group.key, receiver: escalation.receiver, timestamp: now, firing: alerts.map((a) => a.fingerprint), resolved: [] });
  }

  private escalates(group: AggregationGroup, alert: Alert): boolean {
    const escalation = group.route.escalation;
    return escalation !== null && alert.state === 'firing' && matchesAll(escalation.matchers, alert.labels);
  }

  /** Escalated in this episode: the escalation receiver's last entry still lists firing alerts. */
  private escalated(group: AggregationGroup): boolean {
    const escalation = group.route.escalation;
    return escalation !== null && (this.log.get(group.key, escalation.receiver)?.firing.length ?? 0) > 0;
  }

  /** Receivers whose last entry says this group fires: those an acknowledgement is news to. */
  private receiversTold(group: AggregationGroup): string[] {
    const receivers = [group.route.receiver, ...(group.route.escalation ? [group.route.escalation.receiver] : [])];
    return receivers.filter((r) => (this.log.get(group.key, r)?.firing.length ?? 0) > 0);
  }

  /** The episode is over: forget the acknowledgement here and in the log. */
  private clearAck(group: AggregationGroup): void {
    group.ack = null;
    const receivers = [group.route.receiver, ...(group.route.escalation ? [group.route.escalation.receiver] : [])];
    for (const receiver of receivers) {
      const entry = this.log.get(group.key, receiver);
      if (entry?.acknowledgedBy !== undefined) {
        const { acknowledgedBy: _by, acknowledgedAt: _at, ...rest } = entry;
        this.log.record(rest);
      }
    }
  }

  private destroy(group: AggregationGroup): void {
    group.cancelFlush();
    group.cancelEscalation?.();
    this.groupsByKey.delete(group.key);
  }

  private hasFiring(group: AggregationGroup): boolean {
    return [...group.alerts.values()].some((a) => a.state === 'firing');
  }

  /** Firing alerts an acknowledgement names: the unmuted ones, or all if every one is muted. */
  private alertsToShow(group: AggregationGroup, now: number): Alert[] {
    const firing = ordered([...group.alerts.values()]).filter((a) => a.state === 'firing');
    const unmuted = firing.filter((a) => !this.isMuted(a, now));
    return unmuted.length > 0 ? unmuted : firing;
  }

  private muteStatus(alert: Alert, now: number): MuteStatus {
    return {
      inhibitedBy: this.inhibitor.inhibitionOf(alert.labels, this.firing.values()),
      silencedBy: this.silences.mutedBy(alert.labels, now),
    };
  }

  /** Inhibition first, then silences, as the pipeline's mute stages run. */
  private isMuted(alert: Alert, now: number): boolean {
    return this.inhibitor.inhibitionOf(alert.labels, this.firing.values()) !== null || this.silences.mutes(alert.labels, now);
  }

  private emit(group: AggregationGroup, receiver: string, reason: NotificationReason, firing: Alert[], resolved: Alert[], now: number, acknowledgedBy?: string): void {
    // Without send_resolved the receiver gets firing alerts only; a resolution alone is just logged.
    const alerts = this.sendResolved ? [...firing, ...resolved] : firing;
    if (alerts.length === 0) return;
    this.onNotification({
      id: notificationId(group.key, receiver, reason, now, alerts),
      receiver,
      groupKey: group.key,
      groupLabels: group.labels,
      commonLabels: common(alerts.map((a) => a.labels)),
      commonAnnotations: common(alerts.map((a) => a.annotations)),
      status: reason === 'acknowledged' ? 'acknowledged' : firing.length > 0 ? 'firing' : 'resolved',
      reason,
      alerts,
      ...(acknowledgedBy !== undefined ? { acknowledgedBy } : {}),
      createdAt: now,
    });
  }
}

/** Firing first, then resolved, each sorted by fingerprint (the Notification contract's order). */
function ordered(alerts: Alert[]): Alert[] {
  const byFingerprint = (a: Alert, b: Alert): number => (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0);
  return [...alerts.filter((a) => a.state === 'firing').sort(byFingerprint), ...alerts.filter((a) => a.state !== 'firing').sort(byFingerprint)];
}

function fingerprints(alerts: readonly Alert[]): Set<string> {
  return new Set(alerts.map((a) => a.fingerprint));
}

/** The label pairs every set shares. */
function common(sets: readonly Labels[]): Labels {
  const [first, ...rest] = sets;
  if (!first) return {};
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(first)) if (rest.every((s) => s[name] === value)) out[name] = value;
  return out;
}

/** Same inputs, same id: a re-run of the same flush deduplicates downstream. */
function notificationId(groupKey: string, receiver: string, reason: NotificationReason, at: number, alerts: readonly Alert[]): string {
  const text = [groupKey, receiver, reason, String(at), ...alerts.map((a) => `${a.fingerprint}:${a.state}`)].join('\n');
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

function withoutUndefined(entry: { [K in keyof NotificationLogEntry]: NotificationLogEntry[K] | undefined }): NotificationLogEntry {
  return Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined)) as unknown as NotificationLogEntry;
}
