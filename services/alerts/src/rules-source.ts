import { ConfigError, DEFAULT_RULES, parseRules, ruleToData, stableJson, validateRule, type ControlEvent, type Rule } from '@modelwatch/core';
import { ALERT_CONTROL_TYPES } from './commands/alert-control.ts';

/** Rules as the control log has them: each `rule.changed` replaces a rule, each `rule.deleted` removes one. */
export function rulesFromLog(events: readonly ControlEvent[]): { rules: Map<string, Rule>; seen: boolean } {
  const rules = new Map<string, Rule>();
  let seen = false;
  for (const event of events) {
    if (event.type === ALERT_CONTROL_TYPES.ruleChanged) {
      seen = true;
      const checked = validateRule((JSON.parse(event.payload_json) as { rule?: unknown }).rule);
      if (checked.ok) rules.set(checked.rule.id, checked.rule);
    } else if (event.type === ALERT_CONTROL_TYPES.ruleDeleted) {
      seen = true;
      rules.delete(String((JSON.parse(event.payload_json) as { id?: unknown }).id));
    }
  }
  return { rules, seen };
}

/** Reads a rules file's content (`rules:`), refusing it with every problem prefixed by the file name. */
export function rulesFromFile(name: string, content: unknown): Rule[] {
  const parsed = parseRules(content);
  if (!parsed.ok) throw new ConfigError(parsed.problems.map((p) => `${name}: ${p}`));
  return parsed.rules;
}

/**
 * What must be written to the log at start: the file's rules that differ from the log's, or, on
 * a log that never had rules and no file, the default rules. Rules only the log has (added
 * through the API) are kept; the API deletes them.
 */
export function ruleChangesAtStart(fromLog: { rules: ReadonlyMap<string, Rule>; seen: boolean }, fromFile: readonly Rule[] | null): Rule[] {
  const wanted = fromFile ?? (fromLog.seen ? [] : DEFAULT_RULES);
  return wanted.filter((rule) => {
    const current = fromLog.rules.get(rule.id);
    return !current || stableJson(ruleToData(current)) !== stableJson(ruleToData(rule));
  });
}

