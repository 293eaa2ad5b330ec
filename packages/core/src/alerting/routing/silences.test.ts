import { describe, expect, it } from 'vitest';
import { type Silence, silenceState, SilenceStore } from './silences.ts';

const silence = (over: Partial<Silence> = {}): Silence => ({
  id: 's1',
  matchers: ['model_id="fraud"', 'severity=~"warning|info"'],
  startsAt: 1_000,
  endsAt: 5_000,
  createdBy: 'ana',
  comment: 'retraining',
  ...over,
});

describe('silenceState', () => {
  it('is pending before startsAt, active until endsAt, expired from endsAt', () => {
    expect(silenceState(silence(), 999)).toBe('pending');
    expect(silenceState(silence(), 1_000)).toBe('active');
    expect(silenceState(silence(), 4_999)).toBe('active');
    expect(silenceState(silence(), 5_000)).toBe('expired');
  });
});

describe('SilenceStore', () => {
  it('mutes matching labels only while active', () => {
    const store = new SilenceStore();
    store.upsert(silence());
    const labels = { model_id: 'fraud', severity: 'warning' };
    expect(store.mutes(labels, 500)).toBe(false);
    expect(store.mutedBy(labels, 2_000)).toEqual(['s1']);
    expect(store.mutes({ model_id: 'fraud', severity: 'critical' }, 2_000)).toBe(false);
    expect(store.mutes(labels, 5_000)).toBe(false);
    expect(store.active(2_000).map((s) => s.id)).toEqual(['s1']);
  });

  it('expires an active silence at once and a pending one before it starts', () => {
    const store = new SilenceStore();
    store.upsert(silence());
    store.upsert(silence({ id: 's2', startsAt: 10_000, endsAt: 20_000 }));
    expect(store.expire('s1', 2_000)).toMatchObject({ startsAt: 1_000, endsAt: 2_000 });
    expect(store.mutes({ model_id: 'fraud', severity: 'info' }, 2_000)).toBe(false);
    expect(store.expire('s2', 3_000)).toMatchObject({ startsAt: 3_000, endsAt: 3_000 });
    expect(silenceState(store.get('s2')!, 15_000)).toBe('expired');
    expect(store.expire('nope', 0)).toBeUndefined();
    expect(store.all()).toHaveLength(2);
  });

  it('rejects silences that would mute everything or cannot parse, naming the fix', () => {
    const store = new SilenceStore();
    expect(() => store.upsert(silence({ matchers: [] }))).toThrow('silence s1: give at least one matcher, e.g. model_id="fraud-detector"');
    expect(() => store.upsert(silence({ matchers: ['team=~".*"'] }))).toThrow('at least one matcher must not match the empty string');
    expect(() => store.upsert(silence({ matchers: ['model_id'] }))).toThrow("matcher 'model_id' is invalid");
    expect(() => store.upsert(silence({ endsAt: 0 }))).toThrow('endsAt is before startsAt');
  });
});
