import { describe, expect, it } from 'vitest';
import { formatMatchers, Matcher, MatcherParseError, matchesAll, parseMatcher, parseMatchers } from './matchers.ts';

describe('parseMatcher', () => {
  it('reads the four operators, with quoted and unquoted values and spaces around the operator', () => {
    expect(String(parseMatcher('severity="critical"'))).toBe('severity="critical"');
    expect(String(parseMatcher('severity != warning'))).toBe('severity!="warning"');
    expect(String(parseMatcher('service=~"mysql|cassandra"'))).toBe('service=~"mysql|cassandra"');
    expect(String(parseMatcher(' env !~ preprod '))).toBe('env!~"preprod"');
    expect(parseMatcher('model_id=fraud').value).toBe('fraud');
  });

  it('unescapes quoted values as Go string literals do', () => {
    expect(parseMatcher('a="say \\"hi\\""').value).toBe('say "hi"');
    expect(parseMatcher('a="\\\\d+"').value).toBe('\\d+');
    expect(parseMatcher('a="x,y}"').value).toBe('x,y}');
    expect(parseMatcher('a="line\\nbreak"').value).toBe('line\nbreak');
    expect(parseMatcher('a="\\xf0\\x9f\\x99\\x82"').value).toBe('🙂');
    expect(parseMatcher('"my label"="v"').name).toBe('my label');
  });

  it('anchors regexes at both ends, as Alertmanager compiles ^(?:re)$', () => {
    const m = parseMatcher('service=~"mysql|cassandra"');
    expect(m.matchesValue('mysql')).toBe(true);
    expect(m.matchesValue('mysql-replica')).toBe(false);
    expect(m.matchesValue('my-cassandra')).toBe(false);
    expect(parseMatcher('a=~"(?i)FRAUD.*"').matchesValue('fraud-v2')).toBe(true);
  });

  it('matches with RE2 in linear time, so a nested quantifier cannot stall on a hostile value', () => {
    const m = parseMatcher('model_id=~"(a+)+"');
    // A backtracking engine takes about a second here (and doubles with each further 'a').
    const started = performance.now();
    expect(m.matchesValue(`${'a'.repeat(25)}!`)).toBe(false);
    expect(performance.now() - started).toBeLessThan(100);
    expect(m.matchesValue(`${'a'.repeat(100_000)}!`)).toBe(false);
    expect(m.matchesValue('aaa')).toBe(true);
    expect(parseMatcher('a=~"(?P<v>v\\\\d+)"').matchesValue('v12')).toBe(true);
  });

  it('refuses what RE2 cannot compile (backreferences, lookaround), naming the fix', () => {
    for (const regex of ['(a)\\\\1', '(?=a).*', '(?!fraud).*', '(?<!a)b']) {
      expect(() => parseMatcher(`model_id=~"${regex}"`)).toThrow('backreferences (\\1) and lookaround ((?=, (?!, (?<=, (?<!) are not supported; regexes use RE2 syntax');
    }
    expect(() => parseMatchers(['model_id=~"x)|(.*"'])).toThrow(MatcherParseError);
  });

  it('treats a missing label as the empty string', () => {
    expect(parseMatcher('team=""').matches({})).toBe(true);
    expect(parseMatcher('team!=""').matches({})).toBe(false);
    expect(parseMatcher('team=~".*"').matches({})).toBe(true);
    expect(parseMatcher('team!~"ops"').matches({ alertname: 'x' })).toBe(true);
  });

  it('names the fix when the text is not a matcher', () => {
    expect(() => parseMatcher('model_id')).toThrow(
      `matcher 'model_id' is invalid: expected an operator after 'model_id'; expected name="value", name!="value", name=~"regex" or name!~"regex"`,
    );
    expect(() => parseMatcher('model_id=')).toThrow(`expected a value after 'model_id='; for an empty value write model_id=""`);
    expect(() => parseMatcher('model_id==fraud')).toThrow(`expected a value, found '=' (quote it: "...")`);
    expect(() => parseMatcher('model_id="fraud')).toThrow('the value has no closing double quote');
    expect(() => parseMatcher('model_id=fraud detection')).toThrow("unexpected 'detection' after the value; quote values that contain spaces or commas");
    expect(() => parseMatcher('a=~"(unclosed"')).toThrow(/invalid regular expression "\(unclosed"/);
    expect(() => parseMatcher('a="\\q"')).toThrow("unknown escape '\\q'");
    expect(() => parseMatcher('=x')).toThrow(MatcherParseError);
  });
});

describe('parseMatchers', () => {
  it('reads the braced list form, a bare comma list and a YAML list whose items may hold several', () => {
    const expected = '{a="b",c=~"d"}';
    expect(formatMatchers(parseMatchers('{a="b",c=~"d"}'))).toBe(expected);
    expect(formatMatchers(parseMatchers('a="b", c=~d'))).toBe(expected);
    expect(formatMatchers(parseMatchers(['a="b"', 'c=~"d"']))).toBe(expected);
    expect(formatMatchers(parseMatchers(['a="b",c=~"d"']))).toBe(expected);
    expect(parseMatchers('{}')).toEqual([]);
    expect(parseMatchers('{a="b",}')).toHaveLength(1);
  });

  it('reports an unclosed brace and a missing comma', () => {
    expect(() => parseMatchers('{a="b"')).toThrow("missing closing '}'");
    expect(() => parseMatchers('a="b" c="d"')).toThrow("unexpected 'c=\"d\"'; separate matchers with commas");
  });
});

describe('matchesAll', () => {
  it('needs every matcher to match and matches anything when empty', () => {
    const ms = [new Matcher('severity', '=', 'critical'), new Matcher('model_id', '=~', 'fraud-.*')];
    expect(matchesAll(ms, { severity: 'critical', model_id: 'fraud-v2' })).toBe(true);
    expect(matchesAll(ms, { severity: 'critical', model_id: 'churn' })).toBe(false);
    expect(matchesAll([], {})).toBe(true);
  });
});
