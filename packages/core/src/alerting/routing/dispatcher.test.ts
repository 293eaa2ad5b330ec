import { describe, expect, it } from 'vitest';
import type { Alert } from '../alert.ts';
import { FakeClock } from '../clock.ts';
import type { Notification } from '../notification.ts';
import { Dispatcher } from './dispatcher.ts';
import { NotificationLog } from './notification-log.ts';
import { DEFAULT_ROUTING, parseRoutingConfig, type RoutingConfig } from './routing-config.ts';
import { SilenceStore } from './silences.ts';
import { AM_DOCS_EXAMPLE, AM_DOCS_RECEIVERS, describeNotification, testAlert } from './test-fixtures.ts';

const S = 1000;
const M = 60 * S;
const H = 60 * M;

/** A dispatcher on a fake clock that writes each notification as one line (see describeNotification). */
function harness(routing: RoutingConfig, options: { clock?: FakeClock; log?: NotificationLog; silences?: SilenceStore; sendResolved?: boolean } = {}) {
  const clock = options.clock ?? new FakeClock(0);
  const log = options.log ?? new NotificationLog();
  const silences = options.silences ?? new SilenceStore();
  const sent: Notification[] = [];
  const dispatcher = new Dispatcher({
    routing,
    clock,
    silences,
    notificationLog: log,
    onNotification: (n) => sent.push(n),
    ...(options.sendResolved !== undefined ? { sendResolved: options.sendResolved } : {}),
  });
  const lines = (): string[] => sent.map(describeNotification);
  const fire = (fp: string, labels: Record<string, string>, startsAt = clock.now()): Alert => {
    const alert = testAlert(fp, labels, 'firing', startsAt);
    dispatcher.upsert(alert);
    return alert;
  };
  const resolve = (alert: Alert): void => dispatcher.upsert({ ...alert, state: 'resolved', endsAt: clock.now(), updatedAt: clock.now() });
  return { clock, log, silences, sent, dispatcher, lines, fire, resolve };
}

const TEAM = ['team', 'pagerduty', 'slack'];
function config(route: Record<string, unknown>, inhibit_rules: unknown[] = []): RoutingConfig {
  return parseRoutingConfig({ route, inhibit_rules }, { receivers: TEAM });
}

describe('Dispatcher on the Alertmanager docs routing example', () => {
  it('notifies each receiver the docs name, after its own group_wait, with continue reaching two receivers', () => {
    const h = harness(parseRoutingConfig(AM_DOCS_EXAMPLE, { receivers: AM_DOCS_RECEIVERS }));
    h.fire('db', { alertname: 'DiskFull', cluster: 'eu', service: 'mysql' });
    h.fire('fe', { alertname: 'Latency', team: 'frontend', product: 'shop', environment: 'prod' });
    h.fire('inhouse', { alertname: 'Down', service: 'inhouse-service' });
    h.fire('other', { alertname: 'Down', service: 'postgres', cluster: 'eu' });
    h.clock.advance(10 * S);
    expect(h.lines()).toEqual(['10s database-pager first_notification firing db']);
    h.clock.advance(20 * S);
    expect(h.lines().slice(1).sort()).toEqual([
      '30s default-receiver first_notification firing other',
      '30s dev-pager first_notification firing inhouse',
      '30s frontend-pager first_notification firing fe',
      '30s on-call-pager first_notification firing inhouse',
    ]);
    expect(h.sent.find((n) => n.receiver === 'frontend-pager')!.groupLabels).toEqual({ environment: 'prod', product: 'shop' });
    expect(h.sent.find((n) => n.receiver === 'database-pager')!.groupKey).toBe('{}/{service=~"mysql|cassandra"}/0:{alertname="DiskFull", cluster="eu"}');
  });
});

describe('Dispatcher grouping timers', () => {
  const route = { receiver: 'team', group_by: ['alertname'], group_wait: '30s', group_interval: '5m', repeat_interval: '4h' };

  it('batches alerts for group_wait, sends news every group_interval and repeats after repeat_interval', () => {
    const h = harness(config(route));
    h.fire('a', { alertname: 'drift', model_id: 'fraud' });
    h.clock.advance(10 * S);
    h.fire('b', { alertname: 'drift', model_id: 'churn' });
    h.clock.advanceTo(40 * S);
    expect(h.lines()).toEqual(['30s team first_notification firing a,b']);
    h.fire('c', { alertname: 'drift', model_id: 'ltv' });
    h.clock.advanceTo(5 * M + 29 * S);
    expect(h.lines()).toHaveLength(1);
    h.clock.advanceTo(5 * M + 30 * S);
    expect(h.lines()[1]).toBe('5m30s team new_alerts_in_group firing a,b,c');
    h.clock.advanceTo(4 * H + 5 * M + 30 * S);
    expect(h.lines().slice(2)).toEqual(['4h5m30s team repeat_interval_elapsed firing a,b,c']);
    expect(h.sent[0]!.commonLabels).toEqual({ alertname: 'drift' });
    expect(h.sent[0]!.groupLabels).toEqual({ alertname: 'drift' });
  });

  it('rounds a repeat_interval that is not a multiple of group_interval up to the next tick', () => {
    const h = harness(config({ ...route, group_interval: '25m', repeat_interval: '1h' }));
    h.fire('a', { alertname: 'drift' });
    h.clock.advanceTo(2 * H);
    expect(h.lines()).toEqual(['30s team first_notification firing a', '1h15m30s team repeat_interval_elapsed firing a']);
  });

  it('flushes at once an alert whose startsAt + group_wait is already past', () => {
    const h = harness(config(route), { clock: new FakeClock(10 * M) });
    h.fire('a', { alertname: 'drift' }, 9 * M);
    h.clock.advance(0);
    expect(h.lines()).toEqual(['10m team first_notification firing a']);
  });

  it('says nothing about an alert that resolves before group_wait elapses, and destroys the group', () => {
    const h = harness(config(route));
    const a = h.fire('a', { alertname: 'drift' });
    h.clock.advance(10 * S);
    h.resolve(a);
    h.clock.advanceTo(1 * H);
    expect(h.lines()).toEqual([]);
    expect(h.dispatcher.groups()).toEqual([]);
    expect(h.clock.pending()).toBe(0);
  });

  it('sends new resolved alerts, then all_alerts_resolved, then forgets the group', () => {
    const h = harness(config(route));
    const a = h.fire('a', { alertname: 'drift' });
    const b = h.fire('b', { alertname: 'drift' });
    h.clock.advanceTo(1 * M);
    h.resolve(b);
    h.clock.advanceTo(6 * M);
    h.resolve(a);
    h.clock.advanceTo(1 * H);
    expect(h.lines()).toEqual([
      '30s team first_notification firing a,b',
      '5m30s team new_resolved_alerts firing a,b~',
      '10m30s team all_alerts_resolved resolved a~',
    ]);
    expect(h.dispatcher.groups()).toEqual([]);
    // A resolved event repeated later is not news: no group, no notification.
    h.resolve(a);
    h.clock.advanceTo(2 * H);
    expect(h.lines()).toHaveLength(3);
  });

  it('without send_resolved sends firing alerts only and logs the final resolution silently', () => {
    const h = harness(config(route), { sendResolved: false });
    const a = h.fire('a', { alertname: 'drift' });
    const b = h.fire('b', { alertname: 'drift' });
    h.clock.advanceTo(1 * M);
    h.resolve(b);
    h.clock.advanceTo(6 * M);
    h.resolve(a);
    h.clock.advanceTo(1 * H);
    expect(h.lines()).toEqual(['30s team first_notification firing a,b']);
    expect(h.log.entries()).toEqual([{ groupKey: '{}:{alertname="drift"}', receiver: 'team', timestamp: 10 * M + 30 * S, firing: [], resolved: ['a'] }]);
  });

  it('ignores pending alerts', () => {
    const h = harness(config(route));
    h.dispatcher.upsert(testAlert('p', { alertname: 'drift' }, 'pending', 0));
    h.clock.advanceTo(1 * H);
    expect(h.lines()).toEqual([]);
    expect(h.dispatcher.groups()).toEqual([]);
  });
});

describe('Dispatcher mute stages', () => {
  it('inhibits a warning while a critical alert of the same model fires, not a warning of another model', () => {
    const h = harness({ ...DEFAULT_ROUTING });
    const critical = h.fire('crit-fraud', { alertname: 'accuracy_drop', severity: 'critical', model_id: 'fraud' });
    h.fire('warn-fraud', { alertname: 'drift', severity: 'warning', model_id: 'fraud' });
    h.fire('warn-churn', { alertname: 'drift', severity: 'warning', model_id: 'churn' });
    h.clock.advanceTo(30 * S);
    expect(h.lines().sort()).toEqual(['30s default first_notification firing crit-fraud', '30s default first_notification firing warn-churn']);
    expect(h.dispatcher.muted('warn-fraud')).toEqual({ inhibitedBy: { rule: 'critical-mutes-warning', sourceFingerprint: 'crit-fraud' }, silencedBy: [] });
    expect(h.dispatcher.muted('warn-churn')).toBeNull();
    // Once the source resolves, the warning is told at its group's next tick.
    h.clock.advanceTo(1 * M);
    h.resolve(critical);
    h.clock.advanceTo(5 * M + 30 * S);
    expect(h.lines().slice(2).sort()).toEqual(['5m30s default all_alerts_resolved resolved crit-fraud~', '5m30s default first_notification firing warn-fraud']);
  });

  it('applies the docs rule (equal alertname, cluster, service) even when those labels are missing on both sides', () => {
    const h = harness(
      config({ receiver: 'team', group_by: ['...'] }, [
        { source_matchers: ['severity="critical"'], target_matchers: ['severity="warning"'], equal: ['alertname', 'cluster', 'service'] },
      ]),
    );
    h.fire('c', { severity: 'critical' });
    h.fire('w', { severity: 'warning' });
    h.fire('w-db', { severity: 'warning', service: 'db' });
    h.clock.advanceTo(30 * S);
    expect(h.lines().sort()).toEqual(['30s team first_notification firing c', '30s team first_notification firing w-db']);
  });

  it('mutes alerts under an active silence only, and records which silence', () => {
    const silences = new SilenceStore();
    const h = harness(config({ receiver: 'team', group_by: ['model_id'] }), { silences });
    silences.upsert({ id: 'sil-active', matchers: ['model_id="fraud"'], startsAt: 0, endsAt: 2 * M, createdBy: 'ana', comment: 'retraining' });
    silences.upsert({ id: 'sil-pending', matchers: ['model_id="churn"'], startsAt: 1 * H, endsAt: 2 * H, createdBy: 'ana', comment: 'later' });
    silences.upsert({ id: 'sil-expired', matchers: ['model_id="ltv"'], startsAt: 0, endsAt: 10 * S, createdBy: 'ana', comment: 'over' });
    h.clock.advanceTo(20 * S);
    h.fire('fraud', { model_id: 'fraud' });
    h.fire('churn', { model_id: 'churn' });
    h.fire('ltv', { model_id: 'ltv' });
    h.clock.advanceTo(50 * S);
    expect(h.lines().sort()).toEqual(['50s team first_notification firing churn', '50s team first_notification firing ltv']);
    expect(h.dispatcher.muted('fraud')).toEqual({ inhibitedBy: null, silencedBy: ['sil-active'] });
    h.clock.advanceTo(1 * M);
    silences.expire('sil-active', h.clock.now());
    expect(h.dispatcher.muted('fraud')).toBeNull();
    h.clock.advanceTo(5 * M + 50 * S);
    expect(h.lines().slice(2)).toEqual(['5m50s team first_notification firing fraud']);
  });
});

describe('Dispatcher across a restart', () => {
  const routing = config({
    receiver: 'team',
    group_by: ['model_id'],
    escalation: { after: '15m', receiver: 'pagerduty', matchers: ['severity="critical"'] },
  });

  it('does not notify again what the restored log says was sent, and escalates at the original time, once', () => {
    const first = harness(routing);
    const a = first.fire('a', { model_id: 'fraud', severity: 'critical' });
    first.clock.advanceTo(5 * M);
    expect(first.lines()).toEqual(['30s team first_notification firing a']);
    first.dispatcher.stop();
    expect(first.clock.pending()).toBe(0);

    // A new process: the log comes back from storage, the alerts from the alert log.
    const log = new NotificationLog();
    log.restore(JSON.parse(JSON.stringify(first.log.entries())));
    const second = harness(routing, { clock: first.clock, log });
    second.dispatcher.upsert(a);
    second.clock.advanceTo(15 * M + 29 * S);
    expect(second.lines()).toEqual([]);
    second.clock.advanceTo(15 * M + 30 * S);
    expect(second.lines()).toEqual(['15m30s pagerduty escalation firing a']);
    second.dispatcher.stop();

    const third = harness(routing, { clock: first.clock, log: second.log });
    third.dispatcher.upsert(a);
    third.clock.advanceTo(1 * H);
    expect(third.lines()).toEqual([]);
    expect(third.dispatcher.groups()[0]).toMatchObject({ escalated: true, acknowledgedBy: null });
    // A resolution seen only after the restart still reaches both receivers.
    third.resolve(a);
    // The restarted group ticks from its first flush at 15m30s: 1h0m30s is its next tick.
    third.clock.advanceTo(1 * H + 5 * M);
    expect(third.lines()).toEqual(['1h30s team all_alerts_resolved resolved a~', '1h30s pagerduty all_alerts_resolved resolved a~']);
  });

  it('keeps an acknowledgement across a restart', () => {
    const first = harness(routing);
    const a = first.fire('a', { model_id: 'fraud', severity: 'critical' });
    first.clock.advanceTo(1 * M);
    expect(first.dispatcher.acknowledge('{}:{model_id="fraud"}', 'ana')).toBe(true);
    first.dispatcher.stop();
    const second = harness(routing, { clock: first.clock, log: first.log });
    second.dispatcher.upsert(a);
    second.clock.advanceTo(5 * H);
    expect(second.lines()).toEqual([]);
    expect(second.dispatcher.groups()[0]!.acknowledgedBy).toBe('ana');
    expect(second.dispatcher.acknowledge('{}:{model_id="fraud"}', 'bob')).toBe(false);
  });
});

describe('Dispatcher acknowledgement and escalation', () => {
  const routing = config({
    receiver: 'team',
    group_by: ['model_id'],
    escalation: { after: '15m', receiver: 'pagerduty', matchers: ['severity="critical"'] },
  });
  const key = '{}:{model_id="fraud"}';

  it('escalates once, after `after`, a critical group nobody acknowledged', () => {
    const h = harness(routing);
    h.fire('crit', { model_id: 'fraud', severity: 'critical' });
    h.fire('warn', { model_id: 'fraud', severity: 'warning' });
    h.clock.advanceTo(5 * H);
    expect(h.lines()).toEqual([
      '30s team first_notification firing crit,warn',
      '15m30s pagerduty escalation firing crit',
      '4h30s team repeat_interval_elapsed firing crit,warn',
    ]);
    expect(h.sent[1]!.groupKey).toBe(key);
    expect(h.dispatcher.groups()[0]).toMatchObject({ groupKey: key, escalated: true, escalationReceiver: 'pagerduty' });
  });

  it('does not escalate a group whose alerts do not match the escalation matchers', () => {
    const h = harness(routing);
    h.fire('warn', { model_id: 'fraud', severity: 'warning' });
    h.clock.advanceTo(1 * H);
    expect(h.lines()).toEqual(['30s team first_notification firing warn']);
  });

  it('stops escalation and repeats on acknowledgement, still tells new alerts, and ends with the episode', () => {
    const h = harness(routing);
    const crit = h.fire('crit', { model_id: 'fraud', severity: 'critical' });
    h.clock.advanceTo(10 * M);
    expect(h.dispatcher.acknowledgeAlert('crit', 'ana')).toEqual([key]);
    expect(h.dispatcher.acknowledgeAlert('crit', 'ana')).toEqual([]);
    h.clock.advanceTo(1 * H);
    const late = h.fire('late', { model_id: 'fraud', severity: 'warning' });
    h.clock.advanceTo(5 * H);
    expect(h.lines()).toEqual([
      '30s team first_notification firing crit',
      '10m team acknowledged acknowledged crit by ana',
      '1h30s team new_alerts_in_group firing crit,late',
    ]);
    expect(h.dispatcher.groups()[0]!.acknowledgedBy).toBe('ana');
    h.resolve(crit);
    h.resolve(late);
    h.clock.advanceTo(5 * H + 5 * M);
    expect(h.lines()[3]).toBe('5h30s team all_alerts_resolved resolved crit~,late~');
    // A new episode of the same group is not acknowledged and escalates again.
    h.fire('crit2', { model_id: 'fraud', severity: 'critical' });
    h.clock.advanceTo(6 * H);
    expect(h.lines().slice(4)).toEqual(['5h5m30s team first_notification firing crit2', '5h20m30s pagerduty escalation firing crit2']);
  });

  it('tells the escalation receiver of the acknowledgement and of the resolution after escalating', () => {
    const h = harness(routing);
    const crit = h.fire('crit', { model_id: 'fraud', severity: 'critical' });
    h.clock.advanceTo(20 * M);
    expect(h.dispatcher.acknowledge(key, 'ana')).toBe(true);
    h.resolve(crit);
    h.clock.advanceTo(1 * H);
    expect(h.lines()).toEqual([
      '30s team first_notification firing crit',
      '15m30s pagerduty escalation firing crit',
      '20m team acknowledged acknowledged crit by ana',
      '20m pagerduty acknowledged acknowledged crit by ana',
      '20m30s team all_alerts_resolved resolved crit~',
      '20m30s pagerduty all_alerts_resolved resolved crit~',
    ]);
    expect(h.dispatcher.groups()).toEqual([]);
    expect(h.log.entries().every((e) => e.acknowledgedBy === undefined)).toBe(true);
  });

  it('holds an acknowledgement given before the first notification without telling anyone yet', () => {
    const h = harness(routing);
    h.fire('crit', { model_id: 'fraud', severity: 'critical' });
    h.clock.advanceTo(10 * S);
    expect(h.dispatcher.acknowledge(key, 'ana')).toBe(true);
    h.clock.advanceTo(5 * H);
    expect(h.lines()).toEqual(['30s team first_notification firing crit']);
    expect(h.log.get(key, 'team')).toMatchObject({ acknowledgedBy: 'ana', acknowledgedAt: 10 * S });
    expect(h.dispatcher.acknowledge('no such group', 'ana')).toBe(false);
  });

  it('stops: no timer left, later alerts ignored', () => {
    const h = harness(routing);
    h.fire('crit', { model_id: 'fraud', severity: 'critical' });
    h.clock.advanceTo(1 * M);
    h.dispatcher.stop();
    h.fire('other', { model_id: 'churn', severity: 'critical' });
    expect(h.clock.pending()).toBe(0);
    h.clock.advanceTo(1 * H);
    expect(h.lines()).toEqual(['30s team first_notification firing crit']);
  });

  it('gives notifications unique ids that are the same for the same flush', () => {
    const run = (): string[] => {
      const h = harness(routing);
      h.fire('crit', { model_id: 'fraud', severity: 'critical' });
      h.clock.advanceTo(5 * H);
      return h.sent.map((n) => n.id);
    };
    const ids = run();
    expect(new Set(ids).size).toBe(ids.length);
    expect(run()).toEqual(ids);
  });
});
