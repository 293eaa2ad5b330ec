import { describe, expect, it } from 'vitest';
import type { Alert } from '@modelwatch/core';
import { composeDigest, scheduleDailyDigest, validateDigestSchedule, type DigestModel } from './index.ts';

const T0 = Date.UTC(2025, 2, 3, 6, 30, 0);

function model(overrides: Partial<DigestModel> & { modelId: string }): DigestModel {
  return {
    windows: 288,
    accuracy: 0.934512,
    errorRate: 0.0123,
    latencyP99Ms: 87.5,
    driftedFeatures: [],
    alertsFired: 0,
    alertsActive: 0,
    ...overrides,
  };
}

const activeAlert: Alert = {
  fingerprint: 'abc',
  ruleId: 'data-drift',
  state: 'firing',
  severity: 'critical',
  labels: { alertname: 'data-drift', model_id: 'fraud-detector', feature: '<b>amount</b>' },
  annotations: {},
  value: 0.31,
  threshold: 0.2,
  windowStart: null,
  windowEnd: null,
  startsAt: T0,
  endsAt: null,
  updatedAt: T0,
};

describe('composeDigest', () => {
  const digest = composeDigest({
    date: '2025-03-03',
    models: [
      model({ modelId: 'churn', accuracy: null, latencyP99Ms: null }),
      model({ modelId: 'fraud-detector', driftedFeatures: ['<b>amount</b>', 'merchant_category'], alertsFired: 3, alertsActive: 1 }),
    ],
    activeAlerts: [activeAlert],
  });

  it('writes a subject with the counts', () => {
    expect(digest.subject).toBe('[modelwatch] Daily digest 2025-03-03: 2 models, 1 active alert, 3 alerts fired');
  });

  it('lists models with active alerts first, with their figures, in the text', () => {
    expect(digest.text).toBe(
      [
        'modelwatch daily digest for 2025-03-03',
        '2 models monitored; 3 alerts fired, 1 still active; 1 model with drifted features.',
        '',
        '== Models ==',
        '* fraud-detector: 288 windows, accuracy 0.934512, error rate 0.0123, latency p99 87.5 ms, drifted: <b>amount</b>, merchant_category, alerts fired 3, active 1',
        '* churn: 288 windows, accuracy n/a, error rate 0.0123, latency p99 n/a, drifted: none, alerts fired 0, active 0',
        '',
        '== Active alerts (1) ==',
        '* data-drift (critical) fraud-detector feature <b>amount</b> value 0.31 / threshold 0.2 since 2025-03-03T06:30:00Z',
        '',
      ].join('\n'),
    );
  });

  it('escapes data in the HTML', () => {
    expect(digest.html).not.toContain('<b>');
    expect(digest.html).toContain('&lt;b&gt;amount&lt;/b&gt;, merchant_category');
    expect(digest.html.indexOf('fraud-detector')).toBeLessThan(digest.html.indexOf('churn'));
    expect(digest.html).toContain('<td style="padding:4px 8px;border-top:1px solid #eaecf0">87.5 ms</td>');
  });

  it('says so when there is nothing, and refuses a bad date', () => {
    const empty = composeDigest({ date: '2025-03-04', models: [], activeAlerts: [] });
    expect(empty.subject).toBe('[modelwatch] Daily digest 2025-03-04: 0 models, 0 active alerts, 0 alerts fired');
    expect(empty.text).toContain('No models reported.');
    expect(empty.text).toContain('None.');
    expect(() => composeDigest({ date: '3 March', models: [], activeAlerts: [] })).toThrow(/YYYY-MM-DD/);
  });
});

describe('scheduleDailyDigest', () => {
  it('validates the cron expression and the time zone before scheduling', () => {
    expect(() => validateDigestSchedule('0 8 * * *', 'Europe/Paris')).not.toThrow();
    expect(() => validateDigestSchedule('0 8 * * 1-5', 'UTC')).not.toThrow();
    expect(() => validateDigestSchedule('0 25 * * *', 'UTC')).toThrow(/cron expression "0 25 \* \* \*" is invalid/);
    expect(() => validateDigestSchedule('every morning', 'UTC')).toThrow(/invalid/);
    // node-cron itself accepts an unknown zone and then never runs; we refuse it.
    expect(() => validateDigestSchedule('0 8 * * *', 'Mars/Olympus')).toThrow(/not an IANA time zone/);
    expect(() => scheduleDailyDigest({ cron: '61 * * * *', send: async () => {} })).toThrow(/invalid/);
  });

  it('runs send on the schedule, reports its errors, and stops', async () => {
    let calls = 0;
    const errors: unknown[] = [];
    // Every second (6-field form), so the test does not wait a day.
    const stop = scheduleDailyDigest({
      cron: '* * * * * *',
      timezone: 'UTC',
      send: async () => {
        calls += 1;
        throw new Error('ClickHouse down');
      },
      onError: (e) => errors.push(e),
    });
    const deadline = Date.now() + 3_500;
    while (calls === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await stop();
    expect(calls).toBeGreaterThanOrEqual(1);
    expect(errors[0]).toBeInstanceOf(Error);
    const after = calls;
    await new Promise((r) => setTimeout(r, 1_300));
    expect(calls).toBe(after);
  });
});
