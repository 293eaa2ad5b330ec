import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { alertFingerprint } from './fingerprint.ts';

describe('alertFingerprint', () => {
  const labels = { alertname: 'data-drift', severity: 'warning', model_id: 'fraud-detector', feature: 'amount' };

  it('is 32 hex digits of SHA-256 over [ruleId, labels sorted by name] as JSON', () => {
    const expected = createHash('sha256')
      .update('["data-drift",[["alertname","data-drift"],["feature","amount"],["model_id","fraud-detector"],["severity","warning"]]]')
      .digest('hex').slice(0, 32);
    expect(alertFingerprint('data-drift', labels)).toBe(expected);
    expect(alertFingerprint('data-drift', labels)).toMatch(/^[0-9a-f]{32}$/);
  });

  it('does not depend on label order', () => {
    expect(alertFingerprint('data-drift', { feature: 'amount', model_id: 'fraud-detector', severity: 'warning', alertname: 'data-drift' })).toBe(alertFingerprint('data-drift', labels));
  });

  it('differs for another rule, label value, or a split that concatenates the same', () => {
    const base = alertFingerprint('data-drift', labels);
    expect(alertFingerprint('other', labels)).not.toBe(base);
    expect(alertFingerprint('data-drift', { ...labels, feature: 'amount2' })).not.toBe(base);
    expect(alertFingerprint('r', { a: 'b=c' })).not.toBe(alertFingerprint('r', { 'a=b': 'c' }));
  });
});
