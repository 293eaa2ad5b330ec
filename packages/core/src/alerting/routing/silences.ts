import type { Labels } from '../alert.ts';
import { type Matcher, matchesAll, parseMatchers } from './matchers.ts';
import { silenceMatchersProblem } from './silence-rules.ts';

/** An Alertmanager silence: mutes the alerts its matchers match while it is active. */
export interface Silence {
  readonly id: string;
  /** Matcher strings as the user wrote them, e.g. `['model_id="fraud"', 'severity=~"warning|info"']`. */
  readonly matchers: readonly string[];
  readonly startsAt: number;
  readonly endsAt: number;
  readonly createdBy: string;
  readonly comment: string;
}

export type SilenceState = 'pending' | 'active' | 'expired';

/**
 * Pending before `startsAt`, expired from `endsAt` on. Alertmanager keeps a silence active at
 * exactly `endsAt`; here `endsAt` is exclusive so that `expire` takes effect at once.
 */
export function silenceState(silence: Silence, now: number): SilenceState {
  if (now < silence.startsAt) return 'pending';
  if (now >= silence.endsAt) return 'expired';
  return 'active';
}

/**
 * Silences in memory. The service rebuilds it from its log events with `upsert`; nothing here
 * is persisted.
 */
export class SilenceStore {
  private readonly silences = new Map<string, { silence: Silence; matchers: Matcher[] }>();

  /**
   * Adds or replaces a silence. Throws when its matchers do not parse, when it has none, or when
   * they all match the empty string (Alertmanager's rule: such a silence would mute everything).
   */
  upsert(silence: Silence): void {
    const matchers = parseMatchers(silence.matchers);
    const problem = silenceMatchersProblem(matchers);
    if (problem !== undefined) throw new Error(`silence ${silence.id}: ${problem}`);
    if (silence.endsAt < silence.startsAt) throw new Error(`silence ${silence.id}: endsAt is before startsAt; end it after it starts`);
    this.silences.set(silence.id, { silence, matchers });
  }

  /** Ends the silence now (a pending one never starts). Returns the expired silence, or undefined if unknown. */
  expire(id: string, now: number): Silence | undefined {
    const entry = this.silences.get(id);
    if (!entry) return undefined;
    const { silence } = entry;
    if (silenceState(silence, now) === 'expired') return silence;
    const expired: Silence = { ...silence, startsAt: Math.min(silence.startsAt, now), endsAt: now };
    this.silences.set(id, { silence: expired, matchers: entry.matchers });
    return expired;
  }

  get(id: string): Silence | undefined {
    return this.silences.get(id)?.silence;
  }

  all(): Silence[] {
    return [...this.silences.values()].map((e) => e.silence);
  }

  active(now: number): Silence[] {
    return this.all().filter((s) => silenceState(s, now) === 'active');
  }

  /** Ids of the active silences that mute this label set, sorted. */
  mutedBy(labels: Labels, now: number): string[] {
    return [...this.silences.values()]
      .filter((e) => silenceState(e.silence, now) === 'active' && matchesAll(e.matchers, labels))
      .map((e) => e.silence.id)
      .sort();
  }

  mutes(labels: Labels, now: number): boolean {
    return this.mutedBy(labels, now).length > 0;
  }
}
