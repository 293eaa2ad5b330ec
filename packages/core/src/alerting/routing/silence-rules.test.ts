import { describe, expect, it } from 'vitest';
import { silenceRequestProblem } from './silence-rules.ts';

const HOUR = 3_600_000;

describe('silenceRequestProblem', () => {
  it('accepts a silence narrowed by one label="value" matcher, lasting from one minute to 30 days', () => {
    expect(silenceRequestProblem({ matchers: ['model_id="fraud"'], durationMs: 2 * HOUR })).toBeUndefined();
    expect(silenceRequestProblem({ matchers: ['model_id="fraud"', 'severity=~"warning|info"', 'team=""'], durationMs: 60_000 })).toBeUndefined();
    expect(silenceRequestProblem({ matchers: ['{model_id="fraud", alertname!="x"}'], durationMs: 30 * 24 * HOUR })).toBeUndefined();
  });

  it('refuses durations outside one minute to 30 days, naming the limits', () => {
    const limits = 'a silence lasts between one minute (1m) and 30 days (30d), e.g. 2h';
    expect(silenceRequestProblem({ matchers: ['model_id="fraud"'], durationMs: 1 })).toBe(`${limits}; 1ms is shorter`);
    expect(silenceRequestProblem({ matchers: ['model_id="fraud"'], durationMs: 59_999 })).toBe(`${limits}; 59999ms is shorter`);
    expect(silenceRequestProblem({ matchers: ['model_id="fraud"'], durationMs: 31 * 24 * HOUR })).toBe(`${limits}; 31d is longer`);
    for (const durationMs of [0, -HOUR, 60_000.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(silenceRequestProblem({ matchers: ['model_id="fraud"'], durationMs })).toContain(limits);
    }
  });

  it('refuses silences that could mute every alert', () => {
    const fix = 'give at least one label="value" matcher, e.g. model_id="fraud-detector"';
    for (const matchers of [[], ['{}'], ['alertname=~".*"'], ['alertname=~".+"'], ['alertname!=""'], ['model_id!~"x"', 'team=""']]) {
      expect(silenceRequestProblem({ matchers, durationMs: HOUR })).toContain(fix);
    }
    expect(silenceRequestProblem({ matchers: ['alertname=~".*"'], durationMs: HOUR })).toContain('match the empty string');
  });

  it('refuses matchers that do not parse, and regexes RE2 cannot compile', () => {
    expect(silenceRequestProblem({ matchers: ['model_id'], durationMs: HOUR })).toContain("matcher 'model_id' is invalid");
    expect(silenceRequestProblem({ matchers: ['model_id="x"', 'feature=~"(?=a)"'], durationMs: HOUR })).toContain('backreferences (\\1) and lookaround');
  });
});
