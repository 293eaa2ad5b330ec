import type { RuleKind } from './rule.ts';

/**
 * Annotation templates: `{{name}}` (spaces inside the braces allowed) is replaced by the value of
 * `name`. The names a rule may use are fixed by its kind, so a typo is refused when the rule is
 * validated instead of rendering as an empty string at 3 am.
 */

const COMMON = ['alertname', 'severity', 'model_id'];
const BY_KIND: Readonly<Record<RuleKind, readonly string[]>> = {
  metric: [...COMMON, 'model_version', 'metric', 'feature', 'segment', 'value', 'threshold', 'window_start', 'window_end', 'window'],
  no_data: [...COMMON, 'after', 'last_event_at'],
  labels_overdue: [...COMMON, 'after', 'last_label_at', 'oldest_unlabelled_at'],
};

const PLACEHOLDER = /\{\{\s*([^{}\s]*)\s*\}\}/g;

/** Placeholder names a rule of `kind` with these label keys may use. */
export function placeholderNames(kind: RuleKind, labelKeys: readonly string[]): readonly string[] {
  return [...BY_KIND[kind], ...labelKeys];
}

/** Problems of one template: unknown names, unbalanced braces. */
export function templateProblems(template: string, known: readonly string[]): string[] {
  const problems: string[] = [];
  for (const match of template.matchAll(PLACEHOLDER)) {
    const name = match[1]!;
    if (!known.includes(name)) problems.push(`unknown placeholder {{${name}}}; known: ${known.join(', ')}`);
  }
  const rest = template.replace(PLACEHOLDER, '');
  if (rest.includes('{{') || rest.includes('}}')) problems.push('unbalanced {{ or }}; write placeholders as {{name}}');
  return problems;
}

export function renderTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(PLACEHOLDER, (_, name: string) => values[name] ?? '');
}

/** Numbers for people: integers as they are, others to 4 significant digits; null as `n/a`. */
export function formatNumber(value: number | null): string {
  if (value === null) return 'n/a';
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
  return String(Number(value.toPrecision(4)));
}

export function formatTime(ms: number | null): string {
  return ms === null ? 'n/a' : new Date(ms).toISOString();
}
