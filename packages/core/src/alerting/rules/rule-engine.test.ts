import { describe, expect, it } from 'vitest';
import type { Alert } from '../alert.ts';
import { DEFAULT_RULES } from './default-rules.ts';
import type { MetricEventRow } from './metric-event.ts';
import { RuleEngine, STALE_WINDOWS } from './rule-engine.ts';
import { at, MINUTE, row, rule, T0, windowEvent } from './test-fixtures.ts';

/** Feeds one row per window; returns the states emitted per window ('' for none). */
function run(engine: RuleEngine, rows: readonly (MetricEventRow | null)[], from = 0): string[] {
  return rows.map((r, i) => {
    const alerts = r ? engine.evaluate(windowEvent(from + i, [r]), at(from + i)) : [];
    return alerts.map((a) => a.state).join(',');
  });
}

const errorRate = (v: number | null, extra: Partial<MetricEventRow> = {}) => row('error_rate', v, extra);
const above = (extra: Record<string, unknown> = {}) => rule({ id: 'errors', select: { metric: 'error_rate' }, condition: { above: 0.05 }, ...extra });

describe('conditions', () => {
  const cases: [string, Record<string, unknown>, number, boolean][] = [
    ['above', { above: 0.05 }, 0.06, true],
    ['above (equal does not)', { above: 0.05 }, 0.05, false],
    ['below', { below: 0.9 }, 0.8, true],
    ['outside (low)', { outside: [0.1, 0.9] }, 0.05, true],
    ['outside (inside)', { outside: [0.1, 0.9] }, 0.5, false],
  ];
  it.each(cases)('%s', (_, condition, value, fires) => {
    const engine = new RuleEngine([rule({ id: 'r', select: { metric: 'error_rate' }, condition })]);
    expect(run(engine, [errorRate(value)])).toEqual([fires ? 'firing' : '']);
  });

  it('status: the metrics engine decides, with the row threshold', () => {
    const engine = new RuleEngine([rule({ id: 'drift', select: { metric: 'drift' }, condition: { status: 'alert' } })]);
    const [alert] = engine.evaluate(windowEvent(0, [row('drift', 0.001, { feature: 'amount', threshold: 0.05, status: 'alert' })]), at(0));
    expect(alert).toMatchObject({ state: 'firing', value: 0.001, threshold: 0.05, windowStart: T0, windowEnd: T0 + MINUTE, startsAt: at(0), updatedAt: at(0), endsAt: null });
    expect(alert!.labels).toEqual({ alertname: 'drift', severity: 'warning', model_id: 'fraud-detector', model_version: '4.2.0', metric: 'drift', feature: 'amount' });
  });

  it('change: against the mean of the previous N windows, relative or absolute; undecided until N exist', () => {
    const relative = new RuleEngine([rule({ id: 'lat', select: { metric: 'latency_p99_ms' }, condition: { change: { baseline_windows: 3, relative: true, above: 1 } } })]);
    const lat = (v: number) => row('latency_p99_ms', v);
    expect(run(relative, [lat(500), lat(100), lat(100), lat(100), lat(199), lat(201)])).toEqual(['', '', '', '', '', '']);
    // Window 5's baseline is windows 2-4 (mean 133): 201 < 266. A fresh series: mean 100, doubled is 200.
    expect(run(relative, [lat(100), lat(100), lat(100), lat(201)], 10)).toEqual(['', '', '', 'firing']);
    const [alert] = relative.active();
    expect(alert!.threshold).toBe(200);
    const absolute = new RuleEngine([rule({ id: 'lat', select: { metric: 'latency_p99_ms' }, condition: { change: { baseline_windows: 2, relative: false, below: -50 } } })]);
    expect(run(absolute, [lat(300), lat(300), lat(260), lat(220)])).toEqual(['', '', '', 'firing']);
  });
});

describe('the state machine', () => {
  it('`for`: pending first, firing after `for` counted windows; pending back to inactive silently', () => {
    const engine = new RuleEngine([above({ for: 3 })]);
    expect(run(engine, [errorRate(0.1), errorRate(0.1), errorRate(0.01), errorRate(0.1), errorRate(0.1), errorRate(0.1)])).toEqual(['pending', '', '', 'pending', '', 'firing']);
  });

  it('firing carries a new startsAt; pending its own; resolved keeps startsAt and sets endsAt', () => {
    const engine = new RuleEngine([above({ for: 2 })]);
    const states: Alert[] = [0.1, 0.1, 0.01].flatMap((v, i) => engine.evaluate(windowEvent(i, [errorRate(v)]), at(i)));
    expect(states.map((a) => [a.state, a.startsAt, a.endsAt])).toEqual([['pending', at(0), null], ['firing', at(1), null], ['resolved', at(1), at(2)]]);
    expect(new Set(states.map((a) => a.fingerprint)).size).toBe(1);
  });

  it('rows below min_sample_size, without a decision or without a value count neither way', () => {
    const engine = new RuleEngine([above({ for: 2, min_sample_size: 100 })]);
    expect(run(engine, [
      errorRate(0.1), errorRate(0.0, { sample_size: 10 }), errorRate(0.0, { status: 'insufficient_data' }), errorRate(null), errorRate(0.1),
      errorRate(0.0, { status: 'no_reference' }), errorRate(0.0),
    ])).toEqual(['pending', '', '', '', 'firing', '', 'resolved']);
  });

  it('a firing alert whose series has no usable value for STALE_WINDOWS windows resolves as stale', () => {
    const engine = new RuleEngine([above()]);
    const states = run(engine, [errorRate(0.2), ...Array.from({ length: STALE_WINDOWS }, () => errorRate(0.0, { status: 'insufficient_data' }))]);
    expect(states).toEqual(['firing', ...Array.from({ length: STALE_WINDOWS - 1 }, () => ''), 'resolved']);
    // A window with rows of other metrics only counts as missing too; a usable value resets the count.
    const again = new RuleEngine([above()]);
    expect(run(again, [errorRate(0.2), row('throughput', 10), row('throughput', 10), errorRate(0.3), ...Array.from({ length: STALE_WINDOWS - 1 }, () => row('throughput', 10))])).toEqual(
      ['firing', '', '', '', ...Array.from({ length: STALE_WINDOWS - 1 }, () => '')],
    );
    const stale = new RuleEngine([above()]);
    stale.evaluate(windowEvent(0, [errorRate(0.2)]), at(0));
    let last: Alert[] = [];
    for (let i = 1; i <= STALE_WINDOWS; i++) last = stale.evaluate(windowEvent(i, [row('throughput', 10)]), at(i));
    expect(last[0]?.annotations.resolved_reason).toMatch(/^stale/);
    // A firing alert restored after a restart goes stale the same way; another series' windows do not count.
    const firing = new RuleEngine([above()]).evaluate(windowEvent(0, [errorRate(0.2)]), at(0))[0]!;
    const restored = new RuleEngine([above()]);
    restored.restore([firing], at(0));
    for (let i = 1; i <= STALE_WINDOWS; i++) expect(restored.evaluate(windowEvent(i, [row('throughput', 10)], { model_id: 'other-model' }), at(i))).toEqual([]);
    const states2 = Array.from({ length: STALE_WINDOWS }, (_, i) => restored.evaluate(windowEvent(i + 1, [row('throughput', 10)]), at(i + 1)).map((a) => a.state).join(','));
    expect(states2).toEqual([...Array.from({ length: STALE_WINDOWS - 1 }, () => ''), 'resolved']);
  });

  it('hysteresis: a value between the resolve and fire thresholds neither fires nor resolves', () => {
    const engine = new RuleEngine([above({ resolve: { below: 0.02, for: 2 } })]);
    expect(run(engine, [errorRate(0.03), errorRate(0.1), errorRate(0.03), errorRate(0.01), errorRate(0.03), errorRate(0.01), errorRate(0.01)]))
      .toEqual(['', 'firing', '', '', '', '', 'resolved']);
  });

  it('flap damping: an alternating value stays firing, marked flapping, and resolves after the quiet period', () => {
    const alternating = Array.from({ length: 12 }, (_, i) => errorRate(i % 2 === 0 ? 0.1 : 0.0));
    const undamped = run(new RuleEngine([above({ flap: false })]), alternating);
    expect(undamped).toEqual(alternating.map((_, i) => (i % 2 === 0 ? 'firing' : 'resolved')));

    const engine = new RuleEngine([above()]);
    const damped = run(engine, alternating);
    // Four changes (fire, resolve, fire, resolve) within 30 minutes: the third firing is flapping and holds.
    expect(damped).toEqual(['firing', 'resolved', 'firing', 'resolved', 'firing', '', '', '', '', '', '', '']);
    expect(engine.active()[0]!.annotations.flapping).toBe('true');
    // Quiet: the resolve condition must hold 30 minutes of window time: from window 11 (the last
    // alternating one, calm) through window 40.
    const quiet = run(engine, Array.from({ length: 30 }, () => errorRate(0.0)), 12);
    expect(quiet.indexOf('resolved')).toBe(40 - 12);
    expect(quiet.filter((s) => s !== '')).toEqual(['resolved']);
    expect(engine.active()).toEqual([]);
  });

  it('a re-evaluation of the newest counted window replaces its verdict', () => {
    const engine = new RuleEngine([above({ for: 2 })]);
    expect(run(engine, [errorRate(0.1), errorRate(0.1)])).toEqual(['pending', 'firing']);
    // Window 1 again with late data: below the threshold after all — the firing is taken back.
    const [taken] = engine.evaluate(windowEvent(1, [errorRate(0.01)]), at(1) + 5 * MINUTE);
    expect(taken).toMatchObject({ state: 'resolved', value: 0.01, endsAt: at(1) + 5 * MINUTE });
    // Again breaching: counted once, so it is the second window of the streak, not the third.
    expect(engine.evaluate(windowEvent(1, [errorRate(0.2)]), at(1) + 6 * MINUTE).map((a) => a.state)).toEqual(['firing']);
    expect(engine.active()).toMatchObject([{ state: 'firing', value: 0.2 }]);
    // The same verdict again changes nothing.
    expect(engine.evaluate(windowEvent(1, [errorRate(0.3)]), at(1) + 7 * MINUTE)).toEqual([]);
  });

  it('a window older than the newest counted one is ignored, and never starts an alert', () => {
    const engine = new RuleEngine([above({ for: 2 })]);
    expect(run(engine, [errorRate(0.1), errorRate(0.1), errorRate(0.1)], 5)).toEqual(['pending', 'firing', '']);
    expect(engine.evaluate(windowEvent(3, [errorRate(0.0)]), at(8))).toEqual([]);
    expect(engine.active()).toHaveLength(1);
    const fresh = new RuleEngine([above()]);
    fresh.evaluate(windowEvent(5, [errorRate(0.0)]), at(5));
    expect(fresh.evaluate(windowEvent(4, [errorRate(0.9)]), at(6))).toEqual([]);
  });

  it('keeps series apart: segments and features are separate instances with distinct fingerprints', () => {
    const engine = new RuleEngine([rule({ id: 'drift', select: { metric: 'drift', segment: 'region=*' }, condition: { status: 'alert' } })]);
    const drifted = (feature: string) => row('drift', 0.001, { feature, threshold: 0.05, status: 'alert' });
    expect(engine.evaluate(windowEvent(0, [drifted('a')]), at(0))).toEqual([]);
    const alerts = [
      ...engine.evaluate(windowEvent(0, [drifted('a'), drifted('b')], { segment_name: 'region', segment_value: 'eu' }), at(0)),
      ...engine.evaluate(windowEvent(0, [drifted('a')], { segment_name: 'region', segment_value: 'us' }), at(0)),
    ];
    expect(alerts.map((a) => `${a.labels.segment}/${a.labels.feature}`)).toEqual(['region=eu/a', 'region=eu/b', 'region=us/a']);
    expect(new Set(alerts.map((a) => a.fingerprint)).size).toBe(3);
  });
});

describe('scheduled checks', () => {
  const facts = (over: Record<string, unknown> = {}) => ({ modelId: 'fraud-detector', lastEventAt: T0, lastLabelAt: T0, oldestUnlabelledAt: null, everLabelled: true, ...over });

  it('no_data fires for a model that sent before and has been silent `after`, and resolves when it sends again', () => {
    const engine = new RuleEngine([rule({ id: 'no-data', kind: 'no_data', after: '10m', severity: 'critical' })]);
    expect(engine.checkSchedule([facts({ lastEventAt: null }), facts()], T0 + 9 * MINUTE)).toEqual([]);
    const [firing] = engine.checkSchedule([facts()], T0 + 10 * MINUTE);
    expect(firing).toMatchObject({
      state: 'firing', severity: 'critical', labels: { alertname: 'no-data', severity: 'critical', model_id: 'fraud-detector' },
      value: null, windowStart: null, windowEnd: null, startsAt: T0 + 10 * MINUTE,
    });
    expect(firing!.annotations.summary).toBe('fraud-detector has sent no events for 10m (last event 2026-11-28T10:00:00.000Z)');
    expect(engine.checkSchedule([facts()], T0 + 11 * MINUTE)).toEqual([]);
    expect(engine.checkSchedule([facts({ lastEventAt: T0 + 11 * MINUTE })], T0 + 12 * MINUTE).map((a) => a.state)).toEqual(['resolved']);
  });

  it('labels_overdue fires for a labelled model whose oldest prediction past the newest labelled one is older than `after`', () => {
    const engine = new RuleEngine([rule({ id: 'labels-overdue', kind: 'labels_overdue', after: '2h' })]);
    const now = T0 + 3 * 3_600_000;
    expect(engine.checkSchedule([facts({ everLabelled: false, oldestUnlabelledAt: T0 })], now)).toEqual([]);
    expect(engine.checkSchedule([facts({ oldestUnlabelledAt: now - 3_600_000 })], now)).toEqual([]);
    expect(engine.checkSchedule([facts({ oldestUnlabelledAt: T0 })], now).map((a) => a.state)).toEqual(['firing']);
    expect(engine.checkSchedule([facts({ oldestUnlabelledAt: null })], now + MINUTE).map((a) => a.state)).toEqual(['resolved']);
  });
});

describe('rule changes, restarts and manual resolution', () => {
  it('setRules resolves the firing alerts of removed rules and of rules whose labels change, and keeps the others', () => {
    const errors = above();
    const drift = rule({ id: 'drift', select: { metric: 'drift' }, condition: { status: 'alert' } });
    const engine = new RuleEngine([errors, drift]);
    engine.evaluate(windowEvent(0, [errorRate(0.1), row('drift', 0.01, { feature: 'x', status: 'alert' })]), at(0));
    expect(engine.active()).toHaveLength(2);
    // The error rule gets a new threshold (kept); the drift rule is removed (resolved).
    const out = engine.setRules([above({ condition: { above: 0.08 } })], at(1));
    expect(out).toMatchObject([{ ruleId: 'drift', state: 'resolved', endsAt: at(1), updatedAt: at(1) }]);
    expect(engine.active().map((a) => a.ruleId)).toEqual(['errors']);
    expect(engine.setRules([above({ severity: 'critical' })], at(2))).toMatchObject([{ ruleId: 'errors', state: 'resolved', severity: 'warning' }]);
  });

  it('restore rebuilds firing instances; resolves those whose rule is gone; skips pending', () => {
    const first = new RuleEngine([above({ resolve: { below: 0.02, for: 2 } })]);
    const published = run(first, [errorRate(0.1)]) && first.active();
    const engine = new RuleEngine([above({ resolve: { below: 0.02, for: 2 } })]);
    const stale = { ...published[0]!, fingerprint: 'f'.repeat(32), ruleId: 'gone', labels: { ...published[0]!.labels, alertname: 'gone' } };
    const pending = { ...published[0]!, fingerprint: 'e'.repeat(32), state: 'pending' as const };
    expect(engine.restore([...published, stale, pending], at(1))).toMatchObject([{ ruleId: 'gone', state: 'resolved', endsAt: at(1) }]);
    expect(engine.active()).toEqual(published);
    // A re-evaluation of the restored window is ignored; later windows continue the machine.
    expect(engine.evaluate(windowEvent(0, [errorRate(0.0)]), at(2))).toEqual([]);
    expect(run(engine, [errorRate(0.01), errorRate(0.01)], 1)).toEqual(['', 'resolved']);
  });

  it('resolveByHand resolves now and starts afresh: the next breach is a new alert with the same fingerprint', () => {
    const engine = new RuleEngine([above()]);
    const [firing] = engine.evaluate(windowEvent(0, [errorRate(0.1)]), at(0));
    expect(engine.resolveByHand('nope', at(1))).toBeNull();
    expect(engine.resolveByHand(firing!.fingerprint, at(1))).toMatchObject({ state: 'resolved', startsAt: at(0), endsAt: at(1) });
    expect(engine.active()).toEqual([]);
    const [again] = engine.evaluate(windowEvent(1, [errorRate(0.1)]), at(2));
    expect(again).toMatchObject({ state: 'firing', fingerprint: firing!.fingerprint, startsAt: at(2) });
  });
});

describe('the default rules on realistic windows', () => {
  const drift = (status: 'ok' | 'alert', value: number) => row('drift', value, { feature: 'amount', sample_size: 812, threshold: 0.05, status });
  const health = (errors: number, p99: number) => [row('throughput', 800), row('error_rate', errors, { sample_size: 800 }), row('latency_p99_ms', p99, { sample_size: 800 })];

  it('a drift window pair fires at the second window, not the first; two calm windows resolve it', () => {
    const engine = new RuleEngine(DEFAULT_RULES);
    const states = [drift('alert', 0.0004), drift('alert', 0.001), drift('ok', 0.3), drift('ok', 0.4)].map((r, i) =>
      engine.evaluate(windowEvent(i, [...health(0.01, 120), r]), at(i)).map((a) => `${a.ruleId}:${a.state}`).join(','));
    expect(states).toEqual(['data-drift:pending', 'data-drift:firing', '', 'data-drift:resolved']);
  });

  it('error rate pages at the second window above 5% and resolves after two below 2%', () => {
    const engine = new RuleEngine(DEFAULT_RULES);
    const states = [0.08, 0.09, 0.03, 0.01, 0.01].map((e, i) => engine.evaluate(windowEvent(i, health(e, 120)), at(i)).map((a) => `${a.ruleId}:${a.state}:${a.severity}`).join(','));
    expect(states).toEqual(['error-rate:pending:critical', 'error-rate:firing:critical', '', '', 'error-rate:resolved:critical']);
  });

  it('latency fires after three windows at more than twice the 30-window mean', () => {
    const engine = new RuleEngine(DEFAULT_RULES);
    const p99 = [...Array.from({ length: 30 }, () => 100), 250, 260, 270];
    const states = p99.map((v, i) => engine.evaluate(windowEvent(i, health(0.0, v)), at(i)).map((a) => a.state).join(','));
    expect(states.slice(30)).toEqual(['pending', '', 'firing']);
    expect(states.slice(0, 30).every((s) => s === '')).toBe(true);
  });
});
