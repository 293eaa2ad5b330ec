import { formatDuration } from '../rules/duration.ts';
import { type Matcher, parseMatchers } from './matchers.ts';

/** The shortest and the longest silence anyone may create. */
export const MIN_SILENCE_MS = 60_000;
export const MAX_SILENCE_MS = 30 * 86_400_000;

const EXAMPLE = 'model_id="fraud-detector"';

/** A silence as someone asks for it, before it has an id and times. */
export interface SilenceRequestDraft {
  /** Matcher strings, e.g. `['model_id="fraud"', 'severity=~"warning|info"']`. */
  readonly matchers: readonly string[];
  readonly durationMs: number;
}

/**
 * Alertmanager's rules for the matchers of any silence, stored or new: at least one, and not all
 * of them matching the empty string (such a silence would mute every alert). Returns the problem,
 * or undefined.
 */
export function silenceMatchersProblem(matchers: readonly Matcher[]): string | undefined {
  if (matchers.length === 0) return `give at least one matcher, e.g. ${EXAMPLE}`;
  if (matchers.every((m) => m.matchesValue(''))) return 'at least one matcher must not match the empty string, or the silence would mute every alert';
  return undefined;
}

/**
 * Why a new silence is refused, or undefined when it may be created: the one set of rules for
 * every way in (the API, the Slack command and the Slack buttons). Stricter than Alertmanager,
 * whose rules it implies: `alertname=~".+"` or `alertname!=""` alone mutes every alert as surely
 * as no matcher at all, so one `label="value"` matcher must narrow it.
 */
export function silenceRequestProblem(draft: SilenceRequestDraft): string | undefined {
  const { durationMs } = draft;
  if (!Number.isSafeInteger(durationMs) || durationMs < MIN_SILENCE_MS || durationMs > MAX_SILENCE_MS) {
    const given = Number.isSafeInteger(durationMs) && durationMs > 0 ? `; ${formatDuration(durationMs)} is ${durationMs < MIN_SILENCE_MS ? 'shorter' : 'longer'}` : '';
    return `a silence lasts between one minute (1m) and 30 days (30d), e.g. 2h${given}`;
  }
  let matchers: Matcher[];
  try {
    matchers = parseMatchers(draft.matchers);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  if (!matchers.some((m) => m.operator === '=' && m.value !== '')) {
    return `give at least one label="value" matcher, e.g. ${EXAMPLE}: matchers with !=, =~ or !~ alone, or that match the empty string, can mute every alert`;
  }
  return undefined;
}
