import { describe, expect, it } from 'vitest';
import { markMessage, renderAlertMessage, sparkline, ACTION_IDS, STATE_BLOCK_ID } from './alert-message.ts';
import { parseDuration, parseMatcher, parseSlashCommand, roleAllows, splitWords } from './slash-command.ts';
import { context, notification } from './test-support/fixtures.ts';

describe('parseSlashCommand', () => {
  it('reads the subcommands', () => {
    expect(parseSlashCommand('')).toEqual({ ok: true, command: { kind: 'help' } });
    expect(parseSlashCommand('  HELP ')).toEqual({ ok: true, command: { kind: 'help' } });
    expect(parseSlashCommand('status fraud-detector')).toEqual({ ok: true, command: { kind: 'status', modelId: 'fraud-detector' } });
    expect(parseSlashCommand('alerts')).toEqual({ ok: true, command: { kind: 'alerts' } });
    expect(parseSlashCommand('ack 3f2a9c')).toEqual({ ok: true, command: { kind: 'ack', target: '3f2a9c' } });
    expect(parseSlashCommand('ack {}/{severity="critical"}:{alertname="accuracy_drop", model_id="fraud-detector"}')).toEqual({
      ok: true,
      command: { kind: 'ack', target: '{}/{severity="critical"}:{alertname="accuracy_drop", model_id="fraud-detector"}' },
    });
    expect(parseSlashCommand('ack `{}:{alertname=“x”}`')).toEqual({ ok: true, command: { kind: 'ack', target: '{}:{alertname="x"}' } });
  });

  it('reads silence matchers, duration and comment, with Slack’s escaping and curly quotes undone', () => {
    expect(parseSlashCommand('silence model_id="fraud-detector" 2h -- deploying fix')).toEqual({
      ok: true,
      command: { kind: 'silence', matchers: ['model_id="fraud-detector"'], durationMs: 7_200_000, comment: 'deploying fix' },
    });
    expect(parseSlashCommand('silence model_id=“fraud detector” feature=~"amount|age" 1h30m')).toEqual({
      ok: true,
      command: { kind: 'silence', matchers: ['model_id="fraud detector"', 'feature=~"amount|age"'], durationMs: 5_400_000, comment: undefined },
    });
    expect(parseSlashCommand('silence model_id=fraud-detector segment="a&amp;b" 15m --  p&lt;0.05 ')).toMatchObject({
      ok: true,
      command: { matchers: ['model_id="fraud-detector"', 'segment="a&b"'], durationMs: 900_000, comment: 'p<0.05' },
    });
  });

  it('explains what is wrong', () => {
    const error = (text: string) => {
      const parsed = parseSlashCommand(text);
      return parsed.ok ? undefined : parsed.error;
    };
    expect(error('silence model_id="x" 45d')).toContain('a silence lasts between one minute (1m) and 30 days (30d), e.g. 2h; 45d is longer');
    expect(error('silence model_id="x" 30s')).toContain('30s is shorter');
    expect(error('silence model_id!="x" 1h')).toContain('at least one label="value" matcher');
    expect(error('silence model_id="x" alertname=~".+" 1h')).toBeUndefined();
    expect(error('silence 1model="x" 1h')).toContain('not a label name');
    expect(error('silence model_id="x" feature=~"(" 1h')).toContain('invalid regular expression "("');
    expect(error('silence model_id="x" feature=~(a)\\1 1h')).toContain('backreferences (\\1) and lookaround');
    expect(error('silence model_id="x" feature=~"(?!amount).*" 1h')).toContain('backreferences (\\1) and lookaround');
    expect(error('alerts now')).toContain('takes no arguments');
    expect(error('ack a b')).toContain('give one target');
    expect(error('ack x -- because')).toContain('takes no `-- comment`');
    expect(error('mute x')).toContain('the subcommands are `status`, `alerts`, `silence`, `ack`, `help`');
  });
});

describe('parsers', () => {
  it('durations', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('1w')).toBe(604_800_000);
    expect(parseDuration('1d12h')).toBe(129_600_000);
    expect(parseDuration('0h')).toBeUndefined();
    expect(parseDuration('2 h')).toBeUndefined();
    expect(parseDuration('h')).toBeUndefined();
    expect(parseDuration('1.5h')).toBeUndefined();
  });

  it('matchers', () => {
    expect(parseMatcher('a="b"')).toEqual({ ok: true, matcher: 'a="b"' });
    expect(parseMatcher('a!~"x.*"')).toEqual({ ok: true, matcher: 'a!~"x.*"' });
    expect(parseMatcher('a=""')).toEqual({ ok: true, matcher: 'a=""' });
    expect(parseMatcher('a="b').ok).toBe(false);
    expect(parseMatcher('justtext').ok).toBe(false);
  });

  it('words keep quoted spaces and refuse an open quote', () => {
    expect(splitWords('a="b c"  d')).toEqual(['a="b c"', 'd']);
    expect(splitWords('a="b \\" c" d')).toEqual(['a="b \\" c"', 'd']);
    expect(splitWords('a="b')).toBeUndefined();
  });

  it('roles', () => {
    expect(roleAllows(undefined, undefined)).toBe(true);
    expect(roleAllows(undefined, 'viewer')).toBe(false);
    expect(roleAllows('viewer', 'viewer')).toBe(true);
    expect(roleAllows('viewer', 'oncall')).toBe(false);
    expect(roleAllows('admin', 'oncall')).toBe(true);
  });
});

describe('alert message pieces', () => {
  it('sparkline: space for missing windows, flat series in the middle, min/max/last', () => {
    expect(sparkline([])).toBeUndefined();
    expect(sparkline([{ windowStart: 0, value: null }])).toBeUndefined();
    expect(sparkline([1, 2, null, 3].map((value, i) => ({ windowStart: i, value })))).toEqual({ line: '▁▅ █', min: 1, max: 3, last: 3, points: 4 });
    expect(sparkline([5, 5].map((value, i) => ({ windowStart: i, value })))?.line).toBe('▄▄');
    expect(sparkline(Array.from({ length: 100 }, (_, i) => ({ windowStart: i, value: i })))?.points).toBe(48);
  });

  it('escapes Slack’s control characters in label values', () => {
    const n = notification();
    const hostile = { ...n, alerts: [{ ...n.alerts[0]!, labels: { ...n.alerts[0]!.labels, segment: '<!channel> & co' } }] };
    const text = JSON.stringify(renderAlertMessage(hostile, []).blocks);
    expect(text).toContain('&lt;!channel&gt; &amp; co');
    expect(text).not.toContain('<!channel>');
  });

  it('markMessage adds one state line per change and adjusts the buttons', () => {
    const { blocks } = renderAlertMessage(notification(), context().history);
    const acked = markMessage(blocks, { kind: 'acknowledged', slackUserId: 'U1' });
    const silenced = markMessage(acked, { kind: 'silenced', slackUserId: 'U2', detail: 'for 1h' });
    const state = silenced.filter((b) => b.type === 'context' && b.block_id === STATE_BLOCK_ID);
    expect(state).toHaveLength(1);
    expect(JSON.stringify(state)).toContain('Acknowledged by <@U1>');
    expect(JSON.stringify(state)).toContain('Silenced by <@U2> for 1h');
    const ids = (bs: typeof blocks) => (bs.find((b) => b.type === 'actions') as { elements: { action_id: string }[] }).elements.map((e) => e.action_id);
    expect(ids(silenced)).not.toContain(ACTION_IDS.acknowledge);
    expect(ids(markMessage(silenced, { kind: 'resolved', slackUserId: 'U3' }))).toEqual([ACTION_IDS.runbook]);
  });

  it('offers no silence buttons when the group has no labels to match on, and no runbook without an http(s) url', () => {
    const n = notification({ groupLabels: {}, commonLabels: {}, commonAnnotations: { runbook_url: 'javascript:alert(1)' }, alerts: [] });
    const actions = renderAlertMessage(n, []).blocks.find((b) => b.type === 'actions') as { elements: { action_id: string }[] };
    expect(actions.elements.map((e) => e.action_id)).toEqual([ACTION_IDS.acknowledge, ACTION_IDS.resolve]);
  });
});
