import { silenceRequestProblem } from '@modelwatch/core';
import { roleAllows, type AlertingRole } from './alert-commands.ts';
import { unescapeSlack } from './mrkdwn.ts';

/** What `/modelwatch …` asks for, after parsing. */
export type SlashCommand =
  | { readonly kind: 'help' }
  | { readonly kind: 'status'; readonly modelId: string }
  | { readonly kind: 'alerts' }
  | { readonly kind: 'silence'; readonly matchers: readonly string[]; readonly durationMs: number; readonly comment: string | undefined }
  | { readonly kind: 'ack'; readonly target: string };

export type ParsedSlashCommand = { readonly ok: true; readonly command: SlashCommand } | { readonly ok: false; readonly error: string };

export const SUBCOMMANDS = ['status', 'alerts', 'silence', 'ack', 'help'] as const;

/** The least role each subcommand needs. */
export const REQUIRED_ROLE: Readonly<Record<SlashCommand['kind'], AlertingRole | undefined>> = {
  help: undefined,
  status: 'viewer',
  alerts: 'viewer',
  silence: 'oncall',
  ack: 'oncall',
};

export { roleAllows };

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `90s`, `15m`, `2h`, `1h30m`, `3d`, `1w`: Alertmanager/Prometheus style, without milliseconds or years. */
export function parseDuration(text: string): number | undefined {
  if (!/^(\d+[smhdw])+$/.test(text)) return undefined;
  let total = 0;
  for (const [, n, unit] of text.matchAll(/(\d+)([smhdw])/g)) total += Number(n) * (UNIT_MS[unit as string] as number);
  return total > 0 ? total : undefined;
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * One Alertmanager matcher, `name op value` with op `=`, `!=`, `=~` or `!~` and the value quoted
 * (`model_id="fraud-detector"`) or bare (`model_id=fraud-detector`). Returns it normalised
 * (value double-quoted) or an error naming the problem; whether the value is a valid regex is
 * left to the silence rules, which parse it as the API does.
 */
export function parseMatcher(text: string): { ok: true; matcher: string } | { ok: false; error: string } {
  const match = /^([^=!~"\s]+)\s*(=~|!~|!=|=)\s*(.*)$/s.exec(text);
  if (match === null) return { ok: false, error: `"${text}" is not a matcher; write label="value" (or !=, =~, !~), e.g. model_id="fraud-detector"` };
  const [, name, op, rawValue] = match as unknown as [string, string, string, string];
  if (!LABEL_NAME.test(name)) return { ok: false, error: `"${name}" is not a label name (letters, digits and _; not starting with a digit)` };
  let value = rawValue;
  if (value.startsWith('"')) {
    if (value.length < 2 || !value.endsWith('"') || value.endsWith('\\"')) return { ok: false, error: `the value of ${name} has no closing quote: ${text}` };
    value = value.slice(1, -1);
  } else {
    if (/["\s]/.test(value)) return { ok: false, error: `quote the value of ${name}: ${name}${op}"${value}"` };
    value = value.replace(/\\/g, '\\\\');
  }
  return { ok: true, matcher: `${name}${op}"${value}"` };
}

/**
 * Splits command text into words; double-quoted parts may hold spaces (`model_id="fraud detector"`).
 * Slack turns typed quotes into “curly” ones on some clients; they count as straight quotes.
 */
export function splitWords(text: string): string[] | undefined {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      current += ch;
      if (ch === '\\' && i + 1 < text.length) {
        current += text[++i];
      } else if (ch === '"') {
        quoted = false;
      }
      continue;
    }
    if (/\s/.test(ch)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
      continue;
    }
    inWord = true;
    current += ch;
    if (ch === '"') quoted = true;
  }
  if (quoted) return undefined;
  if (inWord) words.push(current);
  return words;
}

export function normaliseCommandText(text: string): string {
  return unescapeSlack(text).replace(/[“”„‟″]/g, '"').replace(/[‘’‚‛]/g, "'").trim();
}

export const USAGE = [
  '`/modelwatch status MODEL` — the model\'s newest window, headline metrics and active alerts',
  '`/modelwatch alerts` — the alerts firing now',
  '`/modelwatch silence MATCHER... DURATION [-- comment]` — e.g. `/modelwatch silence model_id="fraud-detector" 2h -- deploying fix` (on-call)',
  '`/modelwatch ack TARGET` — acknowledge a group (its key) or an alert (its fingerprint or a unique prefix) (on-call)',
  '`/modelwatch help` — this list',
].join('\n');

/** Parses the text after `/modelwatch`. */
export function parseSlashCommand(rawText: string): ParsedSlashCommand {
  const text = normaliseCommandText(rawText);
  if (text === '') return { ok: true, command: { kind: 'help' } };
  const separator = /(^|\s)--(\s|$)/.exec(text);
  const head = separator === null ? text : text.slice(0, separator.index);
  const comment = separator === null ? undefined : text.slice(separator.index + separator[0].length).trim();
  const words = splitWords(head);
  if (words === undefined) return { ok: false, error: 'a quote is not closed; write values as label="value"' };
  const [sub, ...args] = words as [string, ...string[]];
  const subcommand = sub.toLowerCase();
  if (comment !== undefined && subcommand !== 'silence') return { ok: false, error: `\`${subcommand}\` takes no \`-- comment\`; only \`silence\` does` };
  switch (subcommand) {
    case 'help':
      return { ok: true, command: { kind: 'help' } };
    case 'alerts':
      if (args.length > 0) return { ok: false, error: '`alerts` takes no arguments: `/modelwatch alerts`' };
      return { ok: true, command: { kind: 'alerts' } };
    case 'status': {
      if (args.length !== 1) return { ok: false, error: 'name one model: `/modelwatch status MODEL`, e.g. `/modelwatch status fraud-detector`' };
      const modelId = (args[0] as string).replace(/^"(.*)"$/, '$1');
      return { ok: true, command: { kind: 'status', modelId } };
    }
    case 'ack':
    case 'acknowledge': {
      // A group key holds spaces and quotes (`{}:{alertname="x", model_id="y"}`): the target is the rest of the line.
      const target = head
        .slice(head.indexOf(sub) + sub.length)
        .trim()
        .replace(/^`+([^`]*)`+$/, '$1')
        .trim();
      const usage = 'give one target: `/modelwatch ack GROUP_KEY_OR_FINGERPRINT` (see `/modelwatch alerts` for fingerprints)';
      if (target === '' || (/\s/.test(target) && !target.includes('{'))) return { ok: false, error: usage };
      return { ok: true, command: { kind: 'ack', target } };
    }
    case 'silence':
      return parseSilence(args, comment);
    default:
      return { ok: false, error: `unknown subcommand \`${sub}\`; the subcommands are ${SUBCOMMANDS.map((s) => `\`${s}\``).join(', ')}` };
  }
}

function parseSilence(args: readonly string[], comment: string | undefined): ParsedSlashCommand {
  const example = '`/modelwatch silence model_id="fraud-detector" 2h -- deploying fix`';
  if (args.length < 2) return { ok: false, error: `give at least one matcher and a duration: ${example}` };
  const durationText = args[args.length - 1] as string;
  const durationMs = parseDuration(durationText);
  if (durationMs === undefined) return { ok: false, error: `the last word must be a duration such as 30m, 2h, 1h30m or 3d, not "${durationText}": ${example}` };
  const matchers: string[] = [];
  for (const word of args.slice(0, -1)) {
    const parsed = parseMatcher(word);
    if (!parsed.ok) return { ok: false, error: `${parsed.error}. ${example}` };
    matchers.push(parsed.matcher);
  }
  const problem = silenceRequestProblem({ matchers, durationMs });
  if (problem !== undefined) return { ok: false, error: `${problem}. ${example}` };
  return { ok: true, command: { kind: 'silence', matchers, durationMs, comment: comment === '' ? undefined : comment } };
}
