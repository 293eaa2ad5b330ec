import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../config/config-error.ts';
import { DEFAULT_ROUTING, parseRoutingConfig } from './routing-config.ts';

const receivers = ['default', 'slack-ml', 'pagerduty', 'email'];

function problemsOf(raw: unknown): readonly string[] {
  try {
    parseRoutingConfig(raw, { receivers });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected the config to be rejected');
}

describe('parseRoutingConfig', () => {
  it("fills Alertmanager's defaults on the root and lets children inherit what they leave unset", () => {
    const config = parseRoutingConfig(
      {
        route: {
          receiver: 'default',
          group_by: ['alertname'],
          routes: [
            { matchers: ['severity="critical"'], receiver: 'pagerduty', group_wait: '10s', routes: [{ matchers: ['team="ml"'], repeat_interval: '1h30m' }] },
            { matchers: ['team="ml"'], group_by: ['...'], group_interval: 60_000 },
          ],
        },
      },
      { receivers },
    );
    const root = config.route;
    expect([root.groupWaitMs, root.groupIntervalMs, root.repeatIntervalMs]).toEqual([30_000, 300_000, 14_400_000]);
    const [critical, ml] = root.routes;
    expect(critical).toMatchObject({ receiver: 'pagerduty', groupBy: ['alertname'], groupWaitMs: 10_000, groupIntervalMs: 300_000 });
    expect(critical!.routes[0]).toMatchObject({ receiver: 'pagerduty', groupWaitMs: 10_000, repeatIntervalMs: 5_400_000, continue: false });
    expect(ml).toMatchObject({ receiver: 'default', groupByAll: true, groupBy: [], groupIntervalMs: 60_000, groupWaitMs: 30_000 });
    expect(config.inhibitRules).toEqual([]);
  });

  it('reads inhibit rules and escalation, inherited by children and disabled with null', () => {
    const config = parseRoutingConfig(
      {
        route: {
          receiver: 'slack-ml',
          escalation: { after: '15m', receiver: 'pagerduty', matchers: ['severity="critical"'] },
          routes: [{ matchers: ['team="a"'] }, { matchers: ['team="b"'], escalation: null }],
        },
        inhibit_rules: [{ source_matchers: ['severity="critical"'], target_matchers: ['severity="warning"'], equal: ['model_id'] }],
      },
      { receivers },
    );
    expect(config.route.escalation).toMatchObject({ afterMs: 900_000, receiver: 'pagerduty' });
    expect(String(config.route.escalation!.matchers[0])).toBe('severity="critical"');
    expect(config.route.routes[0]!.escalation).toBe(config.route.escalation);
    expect(config.route.routes[1]!.escalation).toBeNull();
    expect(config.inhibitRules[0]).toMatchObject({ name: null, equal: ['model_id'] });
  });

  it('collects every problem in one error, each with its path and fix', () => {
    const problems = problemsOf({
      route: {
        matchers: ['team="ml"'],
        continue: true,
        group_wiat: '30s',
        routes: [
          { receiver: 'nobody', matchers: ['model_id=fraud', 'severity'] },
          { group_wait: '5 minutes', group_interval: '0s', repeat_interval: 0, group_by: ['...', 'alertname'] },
          { match: { team: 'ml' }, escalation: { after: '15m' } },
        ],
      },
      inhibit_rules: [{ source_matchers: ['severity="critical"'], equal: 'model_id' }],
    });
    expect(problems).toEqual([
      'route.receiver: the root route must name a receiver (the fallback for unmatched alerts)',
      'route.matchers: the root route must match every alert; move these matchers to a child route under routes',
      'route.continue: the root route cannot continue; remove it',
      'route.group_wiat: unknown field; did you mean group_wait?',
      "route.routes[0].receiver: unknown receiver 'nobody'; define it under receivers or use one of default, slack-ml, pagerduty, email",
      `route.routes[0].matchers[1]: matcher 'severity' is invalid: expected an operator after 'severity'; expected name="value", name!="value", name=~"regex" or name!~"regex"`,
      "route.routes[1].group_by: '...' (group by all labels) cannot be combined with other labels; write either ['...'] or a list of label names",
      "route.routes[1].group_wait: '5 minutes' is not a duration; write a Prometheus duration such as 30s, 5m, 4h or 1h30m, or a number of milliseconds",
      'route.routes[1].group_interval: cannot be zero; give a positive duration such as 5m',
      'route.routes[1].repeat_interval: cannot be zero; give a positive duration such as 5m',
      `route.routes[2].match: is deprecated in Alertmanager; write matchers: ['name="value"']`,
      'route.routes[2].escalation.receiver: missing; name the receiver to escalate to',
      "inhibit_rules[0].target_matchers: missing; list the matchers of the alerts to mute, e.g. ['severity=\"warning\"']",
      'inhibit_rules[0].equal: expected a list of label names, e.g. [alertname, model_id]',
    ]);
  });

  it('refuses route and inhibition regexes RE2 cannot run, naming the fix', () => {
    const problems = problemsOf({
      route: { receiver: 'default', routes: [{ receiver: 'email', matchers: ['model_id=~"(?!shadow-).*"'] }] },
      inhibit_rules: [{ source_matchers: ['severity="critical"'], target_matchers: ['alertname=~"(a)\\\\1"'], equal: ['model_id'] }],
    });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^route\.routes\[0\]\.matchers\[0\]: matcher 'model_id=~"\(\?!shadow-\)\.\*"' is invalid: invalid regular expression "\(\?!shadow-\)\.\*": backreferences/);
    expect(problems[1]).toMatch(/^inhibit_rules\[0\]\.target_matchers\[0\]: .*lookaround \(\(\?=, \(\?!, \(\?<=, \(\?<!\) are not supported; regexes use RE2 syntax, as in Alertmanager/);
  });

  it('rejects an escalation to the route\'s own receiver and a missing route', () => {
    expect(problemsOf({ route: { receiver: 'pagerduty', escalation: { after: '5m', receiver: 'pagerduty' } } })).toEqual([
      "route.escalation.receiver: 'pagerduty' is already this route's receiver; escalate to another receiver or set escalation: null on this route",
    ]);
    expect(problemsOf({ inhibit_rules: [] })).toEqual(['route: missing; add a root route with at least a receiver']);
    expect(() => parseRoutingConfig({ route: { receiver: 'x' } }, { receivers })).toThrow(/invalid configuration:\n {2}- route.receiver: unknown receiver 'x'/);
  });

  it('has a default: everything to `default` grouped by alertname and model, critical mutes warning of the same model', () => {
    expect(DEFAULT_ROUTING.route).toMatchObject({ receiver: 'default', groupBy: ['alertname', 'model_id'], groupWaitMs: 30_000 });
    const [rule] = DEFAULT_ROUTING.inhibitRules;
    expect(rule!.sourceMatchers.map(String)).toEqual(['severity="critical"']);
    expect(rule!.targetMatchers.map(String)).toEqual(['severity="warning"']);
    expect(rule!.equal).toEqual(['model_id']);
  });
});
