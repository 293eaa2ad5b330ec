import type { Alert, AlertState, Labels } from '../alert.ts';
import type { FlapSettings } from './rule.ts';

/** One counted window's verdict on an instance. Scheduled checks use the check time as the window. */
export interface Observation {
  readonly windowStart: number;
  readonly windowEnd: number;
  /** The firing condition holds. */
  readonly breach: boolean;
  /** The resolve condition holds (the firing condition being false, unless the rule gives one). */
  readonly resolves: boolean;
  readonly value: number | null;
  readonly threshold: number | null;
  /** The resolve condition's threshold, when the rule has its own. */
  readonly resolveThreshold: number | null;
  /** Extra template values (scheduled checks: times of the facts). */
  readonly details: Readonly<Record<string, string>>;
}

export interface InstanceSettings {
  readonly for: number;
  readonly resolveFor: number;
  readonly flap: FlapSettings | null;
}

export type Phase = 'inactive' | 'pending' | 'firing';

/** A state change to publish: what `Alert.state` becomes, with the times it carries. */
export interface Emission {
  readonly state: AlertState;
  readonly startsAt: number;
  readonly endsAt: number | null;
  readonly observation: Observation;
  readonly flapping: boolean;
}

interface State {
  phase: Phase;
  /** Consecutive counted windows the condition held (inactive/pending). */
  breachStreak: number;
  /** Consecutive counted windows the resolve condition held (firing). */
  resolveStreak: number;
  /** Start of the first window of the current resolve streak: a flapping instance needs it `quiet` old. */
  resolveSince: number | null;
  startsAt: number | null;
  flapping: boolean;
  /** Window ends of the changes between firing and resolved within the flap window. */
  changes: number[];
  /** The newest window counted; older windows are ignored. */
  lastWindowStart: number | null;
  last: Observation | null;
  updatedAt: number;
}

const FRESH: State = {
  phase: 'inactive', breachStreak: 0, resolveStreak: 0, resolveSince: null, startsAt: null, flapping: false,
  changes: [], lastWindowStart: null, last: null, updatedAt: 0,
};

function copy(state: State): State {
  return { ...state, changes: [...state.changes] };
}

/**
 * The state machine of one (rule, series) instance:
 * inactive → pending (condition held fewer than `for` windows) → firing → resolved (resolve
 * condition held `resolve.for` windows) → inactive. Time is window time; callers pass `now`,
 * the processing time stamped on what is emitted.
 *
 * Windows are applied in window order. A window older than the newest counted one is ignored;
 * the newest counted window evaluated again replaces its verdict: the state from before that
 * window is kept, and the new verdict is applied to it instead, so every counter (streaks,
 * flap changes) counts the window once, with its latest verdict. Only the newest window can be
 * replaced; a re-evaluation after a restart or a resolve by hand is ignored (there is no
 * state from before it).
 */
export class AlertInstance {
  private state: State = copy(FRESH);
  /** The state before the newest counted window, to apply a re-evaluation of it instead. */
  private before: State | null = null;

  constructor(
    readonly fingerprint: string,
    readonly ruleId: string,
    readonly labels: Labels,
  ) {}

  /** An instance that was firing before a restart, from its last published alert. */
  static restoredFiring(alert: Alert, scheduled: boolean): AlertInstance {
    const instance = new AlertInstance(alert.fingerprint, alert.ruleId, alert.labels);
    const windowStart = scheduled ? null : alert.windowStart;
    instance.state = {
      ...copy(FRESH),
      phase: 'firing',
      startsAt: alert.startsAt,
      flapping: alert.annotations.flapping === 'true',
      lastWindowStart: windowStart,
      last: {
        windowStart: alert.windowStart ?? alert.updatedAt, windowEnd: alert.windowEnd ?? alert.updatedAt, breach: true, resolves: false,
        value: alert.value, threshold: alert.threshold, resolveThreshold: null, details: {},
      },
      updatedAt: alert.updatedAt,
    };
    return instance;
  }

  get phase(): Phase {
    return this.state.phase;
  }

  get flapping(): boolean {
    return this.state.flapping;
  }

  get startsAt(): number | null {
    return this.state.startsAt;
  }

  get updatedAt(): number {
    return this.state.updatedAt;
  }

  get lastObservation(): Observation | null {
    return this.state.last;
  }

  /** Nothing to remember: inactive now and before its newest window, no flap history. */
  isIdle(): boolean {
    return this.state.phase === 'inactive' && this.state.changes.length === 0 && (this.before === null || this.before.phase === 'inactive');
  }

  /** Applies one counted window; returns the change to publish, if any. */
  observe(observation: Observation, settings: InstanceSettings, now: number): Emission | null {
    const newest = this.state.lastWindowStart;
    let base: State;
    if (newest !== null && observation.windowStart < newest) return null;
    if (newest !== null && observation.windowStart === newest) {
      if (this.before === null) return null;
      base = this.before;
    } else {
      base = this.state;
      this.before = copy(base);
    }
    const previous = this.state;
    const next = step(copy(base), observation, settings, now);
    // A re-evaluation that keeps the phase keeps the start downstream already has.
    if (next.phase === previous.phase) next.startsAt = previous.startsAt;
    this.state = next;
    return emission(previous, next, now);
  }

  /** Resolves by hand (the Slack Resolve button); the instance starts afresh from the next window. */
  resolveByHand(now: number): Emission | null {
    const previous = this.state;
    if (previous.phase === 'inactive' || previous.last === null) return null;
    this.state = { ...copy(FRESH), lastWindowStart: previous.lastWindowStart, last: previous.last, updatedAt: now };
    this.before = null;
    return { state: 'resolved', startsAt: previous.startsAt ?? now, endsAt: now, observation: previous.last, flapping: false };
  }
}

function step(s: State, o: Observation, settings: InstanceSettings, now: number): State {
  s.lastWindowStart = o.windowStart;
  s.last = o;
  s.updatedAt = now;
  const flap = settings.flap;
  if (flap) s.changes = s.changes.filter((t) => t > o.windowEnd - flap.windowMs);
  if (s.phase !== 'firing') {
    if (!o.breach) return { ...s, phase: 'inactive', breachStreak: 0, startsAt: null };
    s.breachStreak++;
    if (s.breachStreak >= settings.for) {
      s.phase = 'firing';
      s.startsAt = now;
      s.breachStreak = 0;
      if (flap) s.changes.push(o.windowEnd);
    } else if (s.phase === 'inactive') {
      s.phase = 'pending';
      s.startsAt = now;
    }
    s.flapping = flap !== null && s.phase === 'firing' && s.changes.length >= flap.maxChanges;
    return s;
  }
  // Once flapping, it stays so until it resolves: changes ageing out must not cut the quiet period short.
  if (flap && s.changes.length >= flap.maxChanges) s.flapping = true;
  if (!o.resolves) return { ...s, resolveStreak: 0, resolveSince: null };
  s.resolveStreak++;
  s.resolveSince ??= o.windowStart;
  const quiet = !s.flapping || (flap !== null && o.windowEnd - s.resolveSince >= flap.quietMs);
  if (s.resolveStreak < settings.resolveFor || !quiet) return s;
  if (flap) s.changes.push(o.windowEnd);
  return { ...s, phase: 'inactive', breachStreak: 0, resolveStreak: 0, resolveSince: null, startsAt: null, flapping: false };
}

/** What downstream must hear: pending and firing when entered, resolved when firing ends; pending → inactive is silent. */
function emission(previous: State, next: State, now: number): Emission | null {
  if (previous.phase === next.phase || next.last === null) return null;
  if (next.phase === 'pending' && previous.phase === 'inactive') {
    return { state: 'pending', startsAt: next.startsAt ?? now, endsAt: null, observation: next.last, flapping: false };
  }
  if (next.phase === 'firing') return { state: 'firing', startsAt: next.startsAt ?? now, endsAt: null, observation: next.last, flapping: next.flapping };
  if (previous.phase === 'firing') {
    // Resolved; also when a re-evaluation takes back the window that made it fire.
    return { state: 'resolved', startsAt: previous.startsAt ?? now, endsAt: now, observation: next.last, flapping: false };
  }
  return null;
}
