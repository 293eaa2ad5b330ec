import { DEFAULT_RULES, ruleToData, validateRule, type Rule } from '@modelwatch/core';
import { describe, expect, it } from 'vitest';
import { ruleChangesAtStart, rulesFromFile } from './rules-source.ts';

const rule = (data: Record<string, unknown>): Rule => {
  const checked = validateRule(data);
  if (!checked.ok) throw new Error(checked.problems.join('; '));
  return checked.rule;
};

describe('the rules written to the control log at start', () => {
  it('are the default rules on a log that never had rules and without a file', () => {
    expect(ruleChangesAtStart({ rules: new Map(), seen: false }, null).map((r) => r.id)).toEqual(DEFAULT_RULES.map((r) => r.id));
  });

  it('are none when the log has rules and there is no file (the log is the truth, defaults are not re-added)', () => {
    const kept = rule({ id: 'errors', select: { metric: 'error_rate' }, condition: { above: 0.1 }, severity: 'critical' });
    expect(ruleChangesAtStart({ rules: new Map([[kept.id, kept]]), seen: true }, null)).toEqual([]);
  });

  it('are the file rules that are new or differ from the log, and only those', () => {
    const same = rule({ id: 'errors', select: { metric: 'error_rate' }, condition: { above: 0.1 }, severity: 'critical' });
    const changed = rule({ id: 'latency', select: { metric: 'latency_p99_ms' }, condition: { above: 200 }, severity: 'warning' });
    const before = rule({ id: 'latency', select: { metric: 'latency_p99_ms' }, condition: { above: 300 }, severity: 'warning' });
    const added = rule({ id: 'drift', select: { metric: 'drift' }, condition: { status: 'alert' }, severity: 'warning' });
    const log = { rules: new Map([[same.id, same], [before.id, before]]), seen: true };
    expect(ruleChangesAtStart(log, [same, changed, added]).map((r) => [r.id, ruleToData(r).condition])).toEqual([
      ['latency', { above: 200 }],
      ['drift', { status: 'alert' }],
    ]);
  });

  it('refuses a bad rules file with every problem prefixed by the file name', () => {
    const bad = () => rulesFromFile('rules.yaml', { rules: [{ id: 'x', select: { metric: 'error_rate' }, condition: { abvoe: 1 }, severity: 'loud' }] });
    expect(bad).toThrow(/rules\.yaml: rules\[0\]\.severity: "loud" is not a severity/);
    expect(bad).toThrow(/rules\.yaml: rules\[0\]\.condition\.abvoe: unknown key; did you mean "above"\?/);
  });
});
