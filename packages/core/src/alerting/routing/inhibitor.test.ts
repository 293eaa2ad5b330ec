import { describe, expect, it } from 'vitest';
import { Inhibitor } from './inhibitor.ts';
import { parseMatchers } from './matchers.ts';
import { testAlert } from './test-fixtures.ts';

const rule = (source: string, target: string, equal: string[], name: string | null = null) => ({
  name,
  sourceMatchers: parseMatchers(source),
  targetMatchers: parseMatchers(target),
  equal,
});

describe('Inhibitor', () => {
  const inhibitor = new Inhibitor([rule('severity="critical"', 'severity="warning"', ['model_id'])]);

  it('mutes a target while a firing source has equal values for the equal labels', () => {
    const critical = testAlert('c', { severity: 'critical', model_id: 'fraud' }, 'firing', 0);
    expect(inhibitor.inhibitionOf({ severity: 'warning', model_id: 'fraud' }, [critical])).toEqual({ rule: 'inhibit_rules[0]', sourceFingerprint: 'c' });
    expect(inhibitor.inhibitionOf({ severity: 'warning', model_id: 'churn' }, [critical])).toBeNull();
    expect(inhibitor.inhibitionOf({ severity: 'info', model_id: 'fraud' }, [critical])).toBeNull();
  });

  it('needs the source to fire, and treats a missing equal label as empty', () => {
    expect(inhibitor.inhibitionOf({ severity: 'warning' }, [testAlert('c', { severity: 'critical', model_id: 'fraud' }, 'resolved', 0)])).toBeNull();
    expect(inhibitor.inhibitionOf({ severity: 'warning' }, [testAlert('c', { severity: 'critical' }, 'firing', 0)])).toEqual({
      rule: 'inhibit_rules[0]',
      sourceFingerprint: 'c',
    });
  });

  it('does not let an alert matching both sides be muted by others matching both sides, nor by itself', () => {
    const both = new Inhibitor([rule('severity=~"critical|warning"', 'severity="warning"', ['model_id'], 'loud-mutes-warning')]);
    const w1 = testAlert('w1', { severity: 'warning', model_id: 'fraud' }, 'firing', 0);
    const w2 = testAlert('w2', { severity: 'warning', model_id: 'fraud' }, 'firing', 0);
    const c = testAlert('c', { severity: 'critical', model_id: 'fraud' }, 'firing', 0);
    expect(both.inhibitionOf(w1.labels, [w1, w2])).toBeNull();
    expect(both.inhibitionOf(w1.labels, [w1, w2, c])).toEqual({ rule: 'loud-mutes-warning', sourceFingerprint: 'c' });
  });
});
