import type { Alert, Labels } from '../alert.ts';
import { matchesAll } from './matchers.ts';
import type { InhibitRule } from './routing-config.ts';

/** Which rule muted an alert, and the firing alert that did it. */
export interface Inhibition {
  readonly rule: string;
  readonly sourceFingerprint: string;
}

/**
 * Alertmanager's inhibition (inhibit/inhibit.go): a target is muted while a firing source alert
 * has the same values for every `equal` label (a missing label equals the empty value).
 */
export class Inhibitor {
  constructor(private readonly rules: readonly InhibitRule[]) {}

  /**
   * The first rule (in config order) that mutes `target`, given the alerts that fire now, or null.
   * An alert matching both sides of a rule cannot be muted by a source that also matches both
   * sides, so an alert never inhibits itself.
   */
  inhibitionOf(target: Labels, firing: Iterable<Alert>): Inhibition | null {
    const sources = [...firing].filter((a) => a.state === 'firing').sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : 1));
    for (const [index, rule] of this.rules.entries()) {
      if (!matchesAll(rule.targetMatchers, target)) continue;
      const targetIsAlsoSource = matchesAll(rule.sourceMatchers, target);
      const source = sources.find(
        (s) =>
          matchesAll(rule.sourceMatchers, s.labels) &&
          rule.equal.every((name) => (s.labels[name] ?? '') === (target[name] ?? '')) &&
          !(targetIsAlsoSource && matchesAll(rule.targetMatchers, s.labels)),
      );
      if (source) return { rule: rule.name ?? `inhibit_rules[${index}]`, sourceFingerprint: source.fingerprint };
    }
    return null;
  }
}
