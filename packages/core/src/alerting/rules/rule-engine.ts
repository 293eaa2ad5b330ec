import type { Alert, Labels } from '../alert.ts';
import { AlertInstance, type Emission, type InstanceSettings, type Observation } from './alert-instance.ts';
import { metricAlertLabels, scheduledAlertLabels, segmentOf, seriesFromLabels, type MetricSeries } from './alert-labels.ts';
import { rowCounts, testCondition } from './condition.ts';
import { formatDuration } from './duration.ts';
import { alertFingerprint } from './fingerprint.ts';
import { compileGlob } from './glob.ts';
import type { MetricEvent, MetricEventRow } from './metric-event.ts';
import type { ModelActivity } from './model-activity.ts';
import type { MetricRule, Rule, ScheduledRule } from './rule.ts';
import { SeriesHistory } from './series-history.ts';
import { formatNumber, formatTime, renderTemplate } from './template.ts';

type Matcher = (value: string) => boolean;

/**
 * A firing metric alert whose series reports no usable value (no row, too small a sample, no
 * reference) for this many windows of its model, version and segment resolves as stale, as
 * Grafana resolves missing series: otherwise a series that went quiet would fire forever.
 */
export const STALE_WINDOWS = 5;

interface CompiledMetricRule {
  readonly rule: MetricRule;
  readonly metric: Matcher;
  readonly model: Matcher;
  readonly version: Matcher;
  readonly feature: Matcher;
  readonly segment: Matcher;
  readonly settings: InstanceSettings;
}

const SCHEDULED_SETTINGS: InstanceSettings = { for: 1, resolveFor: 1, flap: null };

/**
 * Applies alert rules to metric events and scheduled facts and returns the alert transitions.
 * Pure and clock-free: every method takes the time it acts at (`now`, stamped as `updatedAt`);
 * the rules' own timing (for, flap windows) runs on window time.
 */
export class RuleEngine {
  private rules = new Map<string, Rule>();
  private metricRules: CompiledMetricRule[] = [];
  private scheduledRules: { readonly rule: ScheduledRule; readonly model: Matcher }[] = [];
  private readonly instances = new Map<string, AlertInstance>();
  /** Recent values per metric series, only for series some `change` condition looks at. */
  private readonly histories = new Map<string, SeriesHistory>();
  private historyCapacity = 0;
  /** Newest window start per (model, version, segment): an older window never starts an alert. */
  private readonly newestWindow = new Map<string, number>();
  /** Labels and fingerprint per (rule, series): hashing them for every matching row of every window was the engine's main cost. */
  private readonly identities = new Map<string, { readonly labels: Labels; readonly fingerprint: string }>();
  /** Metric instances by their (model, version, segment): staleness looks only at the event's own series. */
  private readonly bySeries = new Map<string, Set<string>>();
  /** Firing instances not observed lately: how many windows of their series went by without a usable value. */
  private readonly missed = new Map<string, { count: number; lastWindowStart: number }>();

  constructor(rules: readonly Rule[]) {
    this.install(rules);
  }

  /** The transitions this window causes: alerts entering pending or firing, and resolving. */
  evaluate(event: MetricEvent, now: number): Alert[] {
    const out: Alert[] = [];
    const eventKey = `${event.model_id}\0${event.model_version}\0${event.segment_name}\0${event.segment_value}`;
    const newest = this.newestWindow.get(eventKey);
    const isOld = newest !== undefined && event.window_start < newest;
    if (!isOld) this.newestWindow.set(eventKey, event.window_start);
    const segment = segmentOf(event.segment_name, event.segment_value);
    const seriesKey = seriesKeyOf(event.model_id, event.model_version, segment);
    const observed = new Set<string>();
    for (const row of event.metrics) {
      const series: MetricSeries = { modelId: event.model_id, modelVersion: event.model_version, metric: row.metric, feature: row.feature, segment };
      const matching = this.metricRules.filter((c) => c.metric(row.metric) && c.feature(row.feature) && c.model(event.model_id) && c.version(event.model_version) && c.segment(segment));
      if (matching.length === 0) continue;
      const history = this.historyOf(series, matching, event.window_start, row);
      const baselineOf = (windows: number) => history?.meanBefore(event.window_start, windows);
      for (const compiled of matching) {
        const { rule } = compiled;
        if (!rowCounts(rule, row)) continue;
        const fire = testCondition(rule.condition, row, baselineOf);
        if (!fire) continue;
        const resolve = rule.resolve.condition ? testCondition(rule.resolve.condition, row, baselineOf) : undefined;
        const { labels, fingerprint } = this.identityOf(rule, series);
        let instance = this.instances.get(fingerprint);
        if (!instance) {
          if (isOld || !fire.holds) continue;
          instance = new AlertInstance(fingerprint, rule.id, labels);
          this.instances.set(fingerprint, instance);
          this.indexBySeries(seriesKey, fingerprint);
        }
        const observation: Observation = {
          windowStart: event.window_start, windowEnd: event.window_end, breach: fire.holds,
          resolves: rule.resolve.condition ? resolve?.holds === true : !fire.holds,
          value: row.value, threshold: fire.threshold, resolveThreshold: resolve?.threshold ?? null, details: {},
        };
        observed.add(fingerprint);
        this.missed.delete(fingerprint);
        this.emit(out, rule, instance, instance.observe(observation, compiled.settings, now), now);
        if (instance.isIdle()) this.instances.delete(fingerprint);
      }
    }
    if (!isOld) this.resolveStale(seriesKey, event, observed, now, out);
    return out;
  }

  /** Counts a window without a usable value against each firing alert of the event's series; resolves those past STALE_WINDOWS. */
  private resolveStale(seriesKey: string, event: MetricEvent, observed: ReadonlySet<string>, now: number, out: Alert[]): void {
    const fingerprints = this.bySeries.get(seriesKey);
    if (!fingerprints) return;
    for (const fingerprint of fingerprints) {
      const instance = this.instances.get(fingerprint);
      if (!instance) {
        // The instance ended elsewhere (idle, rule change): the index forgets it lazily.
        fingerprints.delete(fingerprint);
        continue;
      }
      const rule = this.rules.get(instance.ruleId);
      if (!rule || rule.kind !== 'metric' || instance.phase !== 'firing' || observed.has(fingerprint)) continue;
      const seen = this.missed.get(fingerprint);
      if (seen?.lastWindowStart === event.window_start) continue;
      const count = (seen?.count ?? 0) + 1;
      if (count < STALE_WINDOWS) {
        this.missed.set(fingerprint, { count, lastWindowStart: event.window_start });
        continue;
      }
      this.missed.delete(fingerprint);
      const before = out.length;
      this.emit(out, rule, instance, instance.resolveByHand(now), now);
      this.instances.delete(fingerprint);
      fingerprints.delete(fingerprint);
      const resolved = out[before];
      if (resolved) {
        out[before] = { ...resolved, annotations: { ...resolved.annotations, resolved_reason: `stale: no usable value for ${STALE_WINDOWS} windows of this series` } };
      }
    }
  }

  /** Runs the no_data and labels_overdue rules over the facts of each model (model-activity.ts). */
  checkSchedule(facts: readonly ModelActivity[], now: number): Alert[] {
    const out: Alert[] = [];
    for (const fact of facts) {
      for (const { rule, model } of this.scheduledRules) {
        if (!model(fact.modelId)) continue;
        const active = rule.kind === 'no_data'
          ? fact.lastEventAt !== null && now - fact.lastEventAt >= rule.afterMs
          : fact.everLabelled && fact.oldestUnlabelledAt !== null && now - fact.oldestUnlabelledAt >= rule.afterMs;
        const labels = scheduledAlertLabels(rule, fact.modelId);
        const fingerprint = alertFingerprint(rule.id, labels);
        let instance = this.instances.get(fingerprint);
        if (!instance) {
          if (!active) continue;
          instance = new AlertInstance(fingerprint, rule.id, labels);
          this.instances.set(fingerprint, instance);
        }
        const details: Record<string, string> = rule.kind === 'no_data'
          ? { after: formatDuration(rule.afterMs), last_event_at: formatTime(fact.lastEventAt) }
          : { after: formatDuration(rule.afterMs), last_label_at: formatTime(fact.lastLabelAt), oldest_unlabelled_at: formatTime(fact.oldestUnlabelledAt) };
        const observation: Observation = {
          windowStart: now, windowEnd: now, breach: active, resolves: !active, value: null, threshold: null, resolveThreshold: null, details,
        };
        this.emit(out, rule, instance, instance.observe(observation, SCHEDULED_SETTINGS, now), now);
        if (instance.isIdle()) this.instances.delete(fingerprint);
      }
    }
    return out;
  }

  /**
   * Replaces the rules (a change from the control log). Instances of removed rules, and of rules
   * whose alert labels change (kind, severity, labels, select), end: firing ones are returned
   * resolved. Other changes (condition, for, resolve, flap, annotations) keep the instances and
   * apply from the next window.
   */
  setRules(rules: readonly Rule[], now: number): Alert[] {
    const out: Alert[] = [];
    const next = new Map(rules.map((r) => [r.id, r]));
    for (const [fingerprint, instance] of this.instances) {
      const old = this.rules.get(instance.ruleId)!;
      const replacement = next.get(instance.ruleId);
      if (replacement && sameIdentity(old, replacement)) continue;
      if (instance.phase === 'firing' && instance.lastObservation) {
        const emission: Emission = { state: 'resolved', startsAt: instance.startsAt ?? now, endsAt: now, observation: instance.lastObservation, flapping: false };
        this.emit(out, old, instance, emission, now);
      }
      this.instances.delete(fingerprint);
      this.missed.delete(fingerprint);
    }
    this.install(rules);
    return out;
  }

  /**
   * Rebuilds firing instances after a restart from the last alert published per fingerprint.
   * Pending alerts are not restored: pending → inactive is not published, so a last `pending`
   * may be stale; the next windows rebuild it. A firing alert whose rule is gone, or whose labels
   * the rule would no longer give, is returned resolved.
   */
  restore(alerts: readonly Alert[], now: number): Alert[] {
    const out: Alert[] = [];
    const latest = new Map<string, Alert>();
    for (const alert of alerts) {
      const seen = latest.get(alert.fingerprint);
      if (!seen || alert.updatedAt >= seen.updatedAt) latest.set(alert.fingerprint, alert);
    }
    for (const alert of latest.values()) {
      if (alert.state !== 'firing') continue;
      const rule = this.rules.get(alert.ruleId);
      if (!rule || this.expectedFingerprint(rule, alert.labels) !== alert.fingerprint) {
        out.push({ ...alert, state: 'resolved', endsAt: now, updatedAt: now });
        continue;
      }
      this.instances.set(alert.fingerprint, AlertInstance.restoredFiring(alert, rule.kind !== 'metric'));
      if (rule.kind === 'metric') this.indexBySeries(seriesKeyOf(alert.labels.model_id ?? '', alert.labels.model_version ?? '', alert.labels.segment ?? ''), alert.fingerprint);
    }
    return out;
  }

  /** Alerts pending or firing now. */
  active(): Alert[] {
    const out: Alert[] = [];
    for (const instance of this.instances.values()) {
      const observation = instance.lastObservation;
      if (instance.phase === 'inactive' || !observation) continue;
      const emission: Emission = { state: instance.phase, startsAt: instance.startsAt ?? instance.updatedAt, endsAt: null, observation, flapping: instance.flapping };
      this.emit(out, this.rules.get(instance.ruleId)!, instance, emission, instance.updatedAt);
    }
    return out.sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0));
  }

  /** Resolves a pending or firing alert by hand; null when the fingerprint is not active. */
  resolveByHand(fingerprint: string, now: number): Alert | null {
    const instance = this.instances.get(fingerprint);
    const emission = instance?.resolveByHand(now);
    if (!instance || !emission) return null;
    const out: Alert[] = [];
    this.emit(out, this.rules.get(instance.ruleId)!, instance, emission, now);
    return out[0] ?? null;
  }

  private indexBySeries(seriesKey: string, fingerprint: string): void {
    let fingerprints = this.bySeries.get(seriesKey);
    if (!fingerprints) this.bySeries.set(seriesKey, (fingerprints = new Set()));
    fingerprints.add(fingerprint);
  }

  private identityOf(rule: MetricRule, series: MetricSeries): { readonly labels: Labels; readonly fingerprint: string } {
    const key = `${rule.id}\0${series.modelId}\0${series.modelVersion}\0${series.segment}\0${series.metric}\0${series.feature}`;
    let identity = this.identities.get(key);
    if (!identity) {
      // Bounded: a cache, rebuilt on demand.
      if (this.identities.size >= 200_000) this.identities.clear();
      const labels = metricAlertLabels(rule, series);
      identity = { labels, fingerprint: alertFingerprint(rule.id, labels) };
      this.identities.set(key, identity);
    }
    return identity;
  }

  private install(rules: readonly Rule[]): void {
    this.identities.clear();
    this.rules = new Map(rules.map((r) => [r.id, r]));
    this.metricRules = [];
    this.scheduledRules = [];
    for (const rule of rules) {
      if (rule.kind === 'metric') {
        const { select } = rule;
        this.metricRules.push({
          rule,
          metric: compileGlob(select.metric), model: compileGlob(select.model), version: compileGlob(select.version),
          feature: compileGlob(select.feature), segment: compileGlob(select.segment),
          settings: { for: rule.for, resolveFor: rule.resolve.for, flap: rule.flap },
        });
      } else {
        this.scheduledRules.push({ rule, model: compileGlob(rule.model) });
      }
    }
    // One more than the largest baseline, so a re-evaluated newest window still has its full baseline before it.
    const baselines = this.metricRules.flatMap(({ rule }) => [rule.condition, rule.resolve.condition].map((c) => (c?.kind === 'change' ? c.baselineWindows : 0)));
    this.historyCapacity = Math.max(0, ...baselines) + 1;
    if (this.historyCapacity === 1) this.histories.clear();
    for (const history of this.histories.values()) history.setCapacity(this.historyCapacity);
  }

  private historyOf(series: MetricSeries, matching: readonly CompiledMetricRule[], windowStart: number, row: MetricEventRow): SeriesHistory | undefined {
    const needsHistory = matching.some(({ rule }) => rule.condition.kind === 'change' || rule.resolve.condition?.kind === 'change');
    if (!needsHistory) return undefined;
    const key = `${series.modelId}\0${series.modelVersion}\0${series.segment}\0${series.metric}\0${series.feature}`;
    let history = this.histories.get(key);
    if (!history) {
      history = new SeriesHistory(this.historyCapacity);
      this.histories.set(key, history);
    }
    // The baseline holds the values the metrics engine could decide; each rule's min_sample_size applies to the window judged.
    if (row.value !== null && (row.status === 'ok' || row.status === 'alert')) history.record(windowStart, row.value);
    return history;
  }

  private expectedFingerprint(rule: Rule, labels: Labels): string {
    if (rule.kind !== 'metric') return alertFingerprint(rule.id, scheduledAlertLabels(rule, labels.model_id ?? ''));
    const series = seriesFromLabels(labels);
    const compiled = this.metricRules.find((c) => c.rule === rule)!;
    const selected = compiled.metric(series.metric) && compiled.feature(series.feature) && compiled.model(series.modelId)
      && compiled.version(series.modelVersion) && compiled.segment(series.segment);
    return selected ? alertFingerprint(rule.id, metricAlertLabels(rule, series)) : '';
  }

  private emit(out: Alert[], rule: Rule, instance: AlertInstance, emission: Emission | null, now: number): void {
    if (!emission) return;
    const o = emission.observation;
    const scheduled = rule.kind !== 'metric';
    const threshold = emission.state === 'resolved' && o.resolveThreshold !== null ? o.resolveThreshold : o.threshold;
    out.push({
      fingerprint: instance.fingerprint,
      ruleId: rule.id,
      state: emission.state,
      severity: rule.severity,
      labels: instance.labels,
      annotations: annotationsOf(rule, instance.labels, o, threshold, emission.flapping),
      value: o.value,
      threshold,
      windowStart: scheduled ? null : o.windowStart,
      windowEnd: scheduled ? null : o.windowEnd,
      startsAt: emission.startsAt,
      endsAt: emission.endsAt,
      updatedAt: now,
    });
  }
}

function seriesKeyOf(modelId: string, modelVersion: string, segment: string): string {
  return `${modelId}\0${modelVersion}\0${segment}`;
}

/** Alert labels come from kind, severity, labels and select: a change there makes other alerts. */
function sameIdentity(a: Rule, b: Rule): boolean {
  const identity = (r: Rule) => JSON.stringify([r.kind, r.severity, Object.entries(r.labels).sort(), r.kind === 'metric' ? r.select : r.model]);
  return identity(a) === identity(b);
}

function annotationsOf(rule: Rule, labels: Labels, o: Observation, threshold: number | null, flapping: boolean): Labels {
  const values: Record<string, string> = { ...labels, ...o.details };
  if (rule.kind === 'metric') {
    Object.assign(values, {
      feature: labels.feature ?? '', segment: labels.segment ?? '',
      value: formatNumber(o.value), threshold: formatNumber(threshold),
      window_start: formatTime(o.windowStart), window_end: formatTime(o.windowEnd), window: `${formatTime(o.windowStart)}/${formatTime(o.windowEnd)}`,
    });
  }
  const out: Record<string, string> = {};
  if (!('summary' in rule.annotations)) out.summary = defaultSummary(rule, values);
  if (rule.description && !('description' in rule.annotations)) out.description = rule.description;
  for (const [name, template] of Object.entries(rule.annotations)) out[name] = renderTemplate(template, values);
  if (flapping) out.flapping = 'true';
  return out;
}

function defaultSummary(rule: Rule, v: Readonly<Record<string, string>>): string {
  switch (rule.kind) {
    case 'metric': {
      const feature = v.feature ? ` of ${v.feature}` : '';
      const segment = v.segment ? ` [${v.segment}]` : '';
      return `${v.metric}${feature} for ${v.model_id} ${v.model_version}${segment} is ${v.value} (threshold ${v.threshold})`;
    }
    case 'no_data':
      return `${v.model_id} has sent no events for ${v.after} (last event ${v.last_event_at})`;
    case 'labels_overdue':
      return `labels of ${v.model_id} are overdue: a prediction from ${v.oldest_unlabelled_at} is still unlabelled after ${v.after}`;
  }
}
