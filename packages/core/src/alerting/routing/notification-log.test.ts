import { describe, expect, it } from 'vitest';
import { dedupReason, NotificationLog, type NotificationLogEntry } from './notification-log.ts';

const entry = (firing: string[], resolved: string[] = [], timestamp = 0): NotificationLogEntry => ({ groupKey: 'g', receiver: 'r', timestamp, firing, resolved });
const opts = { repeatIntervalMs: 4 * 3_600_000, sendResolved: true, now: 60_000 };
const set = (...fps: string[]): Set<string> => new Set(fps);

describe("dedupReason (Alertmanager's DedupStage.needsUpdate)", () => {
  it('decides as Alertmanager does', () => {
    expect(dedupReason(undefined, set('a'), set(), opts)).toBe('first_notification');
    expect(dedupReason(undefined, set(), set('a'), opts)).toBe('none');
    expect(dedupReason(entry([]), set('a'), set(), opts)).toBe('first_notification');
    expect(dedupReason(entry(['a']), set('a', 'b'), set(), opts)).toBe('new_alerts_in_group');
    expect(dedupReason(entry(['a', 'b']), set(), set('a', 'b'), opts)).toBe('all_alerts_resolved');
    expect(dedupReason(entry(['a', 'b']), set(), set(), { ...opts, sendResolved: false })).toBe('all_alerts_resolved');
    expect(dedupReason(entry([]), set(), set('a'), opts)).toBe('none');
    expect(dedupReason(entry(['a', 'b']), set('a'), set('b'), opts)).toBe('new_resolved_alerts');
    expect(dedupReason(entry(['a', 'b']), set('a'), set('b'), { ...opts, sendResolved: false })).toBe('none');
    expect(dedupReason(entry(['a'], ['b']), set('a'), set('b'), opts)).toBe('none');
    expect(dedupReason(entry(['a', 'b']), set('a'), set(), opts)).toBe('none');
    expect(dedupReason(entry(['a']), set('a'), set(), { ...opts, now: opts.repeatIntervalMs })).toBe('repeat_interval_elapsed');
    expect(dedupReason(entry(['a']), set('a'), set(), { ...opts, now: opts.repeatIntervalMs - 1 })).toBe('none');
  });
});

describe('NotificationLog', () => {
  it('keeps one entry per group and receiver, survives a JSON round trip and keeps the newer entry on restore', () => {
    const log = new NotificationLog();
    log.record(entry(['a'], [], 10));
    log.record({ ...entry(['a', 'b'], [], 20), receiver: 'other' });
    const saved = JSON.parse(JSON.stringify(log.entries())) as NotificationLogEntry[];
    const restored = new NotificationLog();
    restored.record(entry(['x'], [], 15));
    restored.restore(saved);
    expect(restored.get('g', 'r')).toEqual(entry(['x'], [], 15));
    expect(restored.get('g', 'other')?.firing).toEqual(['a', 'b']);
    expect(restored.reason('g', 'r', set('x'), set(), opts)).toBe('none');
    expect(restored.prune(16)).toBe(1);
    expect(restored.entries()).toHaveLength(1);
  });
});
