import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from './default-rules.ts';
import { parseRules, ruleToData, validateRule } from './rule-parser.ts';

function problemsOf(raw: unknown): string[] {
  const parsed = parseRules(raw);
  return parsed.ok ? [] : parsed.problems;
}

const drift = { id: 'data-drift', select: { metric: 'drift' }, condition: { status: 'alert' } };

describe('parseRules', () => {
  it('parses the documented format with defaults filled', () => {
    const parsed = parseRules({
      rules: [
        {
          ...drift, description: 'moved', for: 2, min_sample_size: 100, resolve: { below: 0.1, for: 2 }, severity: 'warning',
          labels: { team: 'ml-platform' }, annotations: { summary: '{{feature}} of {{model_id}} drifted: {{metric}} {{value}} (threshold {{threshold}})', runbook_url: 'https://x' },
        },
        { id: 'no-data', kind: 'no_data', after: '10m', severity: 'critical' },
        { id: 'labels-overdue', kind: 'labels_overdue', after: 7_200_000 },
      ],
    });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const [rule, noData, overdue] = parsed.rules;
    expect(rule).toMatchObject({
      kind: 'metric', select: { metric: 'drift', model: '*', version: '*', feature: '*', segment: '*' }, condition: { kind: 'status' },
      for: 2, minSampleSize: 100, resolve: { condition: { kind: 'below', value: 0.1 }, for: 2 }, flap: { maxChanges: 4, windowMs: 1_800_000, quietMs: 1_800_000 },
    });
    expect(noData).toMatchObject({ kind: 'no_data', afterMs: 600_000, model: '*', severity: 'critical' });
    expect(overdue).toMatchObject({ kind: 'labels_overdue', afterMs: 7_200_000, severity: 'warning' });
  });

  it('parses each condition kind', () => {
    const conditions = [{ above: 0.2 }, { below: 0.5 }, { outside: [0.2, 0.8] }, { change: { baseline_windows: 30, above: 1 } }, { change: { baseline_windows: 5, relative: false, below: -3 } }];
    const parsed = parseRules({ rules: conditions.map((condition, i) => ({ id: `r${i}`, select: { metric: 'accuracy' }, condition })) });
    expect(parsed.ok && parsed.rules.map((r) => r.kind === 'metric' && r.condition)).toEqual([
      { kind: 'above', value: 0.2 }, { kind: 'below', value: 0.5 }, { kind: 'outside', low: 0.2, high: 0.8 },
      { kind: 'change', baselineWindows: 30, relative: true, direction: 'above', by: 1 },
      { kind: 'change', baselineWindows: 5, relative: false, direction: 'below', by: -3 },
    ]);
  });

  it('collects every problem, each with its path and fix', () => {
    const problems = problemsOf({
      rules: [
        { id: 'Bad Id', select: { metric: 'drift' }, condition: { status: 'alert' } },
        { id: 'two', select: { metric: 'drift' }, condition: { above: 0.2, below: 0.1 }, severity: 'page' },
        { id: 'three', select: { metric: 'drfit', model: 'fraud-[ab]' }, condtion: { above: 1 }, for: 0 },
        { id: 'four', kind: 'no_dat', after: '10m' },
        { id: 'five', kind: 'no_data', after: '10 minutes' },
        { id: 'six', select: { metric: 'drift' }, condition: { above: 0.2 }, annotations: { summary: '{{feature}} {{valeu}}' }, labels: { alertname: 'x' } },
        { id: 'seven', select: { metric: 'error_rate' }, condition: { above: 0.05 }, resolve: { below: 0.1 } },
      ],
    });
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringMatching(/^rules\[0\]\.id: "Bad Id" is not a valid id; use lower-case/),
      'rules[1].condition: give exactly one of status, above, below, outside, change — e.g. {above: 0.2}',
      expect.stringMatching(/^rules\[1\]\.severity: "page" is not a severity; use one of info, warning, critical/),
      'rules[2].condtion: unknown key; did you mean "condition"? (known: id, kind, description, select, condition, for, min_sample_size, resolve, severity, labels, annotations, flap)',
      expect.stringMatching(/^rules\[2\]\.condition: missing; give exactly one of/),
      'rules[2].select.metric: "drfit" is not a metric the metrics service publishes; did you mean "drift"?',
      expect.stringMatching(/^rules\[2\]\.select\.model: "fraud-\[ab\]": only \* and \? are wildcards/),
      'rules[2].for: 0 is not a whole number from 1 to 10000',
      expect.stringMatching(/^rules\[3\]\.kind: "no_dat" is not a rule kind; .*did you mean "no_data"/),
      expect.stringMatching(/^rules\[4\]\.after: "10 minutes" is not a positive duration; give one such as 10m/),
      expect.stringMatching(/^rules\[5\]\.annotations\.summary: unknown placeholder \{\{valeu\}\}; known: alertname, severity/),
      expect.stringMatching(/^rules\[5\]\.labels\.alertname: the engine sets this label itself/),
      expect.stringMatching(/^rules\[6\]\.resolve\.below: 0\.1 is above the firing threshold 0\.05/),
    ]));
    expect(problems).toHaveLength(13);
  });

  it('refuses duplicate ids, naming the first', () => {
    expect(problemsOf({ rules: [drift, { ...drift }] })).toEqual(['rules[1].id: "data-drift" is already the id of rules[0]; ids must be unique']);
  });

  it('refuses unknown keys at every level with the nearest known one', () => {
    expect(problemsOf({ rule: [] })).toEqual(['rule: unknown key; did you mean "rules"? (known: rules)']);
    expect(problemsOf({ rules: [{ ...drift, flap: { max_change: 3 } }] })).toEqual([
      'rules[0].flap.max_change: unknown key; did you mean "max_changes"? (known: max_changes, window, quiet)',
    ]);
    expect(problemsOf({ rules: [{ ...drift, condition: { change: { baseline: 3, above: 1 } } }] })).toEqual([
      'rules[0].condition.change.baseline: unknown key; did you mean "baseline_windows"? (known: baseline_windows, relative, above, below)',
      'rules[0].condition.change.baseline_windows: missing; how many previous windows make the baseline, e.g. 30',
    ]);
  });

  it('checks scheduled rules: after required, select only by model, no metric keys', () => {
    expect(problemsOf({ rules: [{ id: 'nd', kind: 'no_data', select: { metric: 'drift' }, for: 2 }] }).sort()).toEqual([
      'rules[0].after: missing; give one such as 10m, 2h or 1d (or milliseconds)',
      'rules[0].for: only metric rules take this; a no_data rule fires once its `after` has passed',
      'rules[0].select.metric: unknown key; did you mean "model"? (known: model)',
    ]);
  });
});

describe('validateRule and ruleToData', () => {
  it('validates one rule for the API, with `rule` as the path', () => {
    expect(validateRule({ id: 'x', select: { metric: 'drift' } })).toEqual({
      ok: false, problems: ['rule.condition: missing; give exactly one of status, above, below, outside, change — e.g. {above: 0.2}'],
    });
  });

  it('round-trips every default rule and a fully specified one through JSON', () => {
    const custom = validateRule({
      id: 'custom', description: 'd', select: { metric: 'latency_*', model: 'fraud-?', segment: 'region=eu' },
      condition: { outside: [1, 2] }, for: 3, min_sample_size: 10, resolve: { change: { baseline_windows: 4, relative: false, below: 2 }, for: 2 },
      severity: 'info', labels: { team: 'a' }, annotations: { summary: '{{team}} {{window}}' }, flap: { max_changes: 6, window: '90s', quiet: 5000 },
    });
    expect(custom.ok).toBe(true);
    const rules = [...DEFAULT_RULES, ...(custom.ok ? [custom.rule] : [])];
    for (const rule of rules) {
      const again = validateRule(JSON.parse(JSON.stringify(ruleToData(rule))));
      expect(again).toEqual({ ok: true, rule });
    }
  });

  it('writes durations in their shortest exact unit and no-damping as false', () => {
    const parsed = validateRule({ ...drift, flap: false });
    expect(parsed.ok && ruleToData(parsed.rule).flap).toBe(false);
    const scheduled = validateRule({ id: 'nd', kind: 'no_data', after: 7_200_000 });
    expect(scheduled.ok && ruleToData(scheduled.rule).after).toBe('2h');
  });
});
