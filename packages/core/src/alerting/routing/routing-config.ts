import { ConfigError } from '../../config/config-error.ts';
import { editDistance } from '../../nearest-name.ts';
import { parseDuration } from './duration.ts';
import { type Matcher, parseMatchers } from './matchers.ts';

/**
 * The routing tree and inhibition rules, with Alertmanager's fields, defaults and inheritance
 * (config/config.go, dispatch/route.go), plus modelwatch's `escalation`.
 */

/** modelwatch extension: page a second receiver when matching alerts stay firing and unacknowledged. */
export interface EscalationPolicy {
  readonly afterMs: number;
  readonly receiver: string;
  /** Which firing alerts escalate; empty = all of them. */
  readonly matchers: readonly Matcher[];
}

/** One route with its options already resolved (inherited from its parents where unset). */
export interface RouteConfig {
  readonly receiver: string;
  /** Label names alerts are grouped by; ignored when `groupByAll`. */
  readonly groupBy: readonly string[];
  /** `group_by: ['...']`: every distinct label set is its own group. */
  readonly groupByAll: boolean;
  readonly continue: boolean;
  readonly matchers: readonly Matcher[];
  readonly groupWaitMs: number;
  readonly groupIntervalMs: number;
  readonly repeatIntervalMs: number;
  readonly escalation: EscalationPolicy | null;
  readonly routes: readonly RouteConfig[];
}

export interface InhibitRule {
  readonly name: string | null;
  readonly sourceMatchers: readonly Matcher[];
  readonly targetMatchers: readonly Matcher[];
  readonly equal: readonly string[];
}

export interface RoutingConfig {
  readonly route: RouteConfig;
  readonly inhibitRules: readonly InhibitRule[];
}

export interface RoutingConfigOptions {
  /** Receiver names the routes may use (the channels configured elsewhere). */
  readonly receivers: readonly string[];
}

/** Alertmanager's DefaultRouteOpts. */
export const DEFAULT_GROUP_WAIT_MS = 30_000;
export const DEFAULT_GROUP_INTERVAL_MS = 300_000;
export const DEFAULT_REPEAT_INTERVAL_MS = 14_400_000;

/**
 * The routing without a routing file, in the file's own form so a caller can extend it (the
 * alerts service adds escalation): everything to `default`, one group per alert name and model;
 * a critical alert mutes the warnings of its model.
 */
export const DEFAULT_ROUTING_DATA = {
  route: { receiver: 'default', group_by: ['alertname', 'model_id'] },
  inhibit_rules: [{ name: 'critical-mutes-warning', source_matchers: ['severity="critical"'], target_matchers: ['severity="warning"'], equal: ['model_id'] }],
} as const;

const ROUTE_FIELDS = ['receiver', 'group_by', 'continue', 'matchers', 'group_wait', 'group_interval', 'repeat_interval', 'routes', 'escalation'];
const UNSUPPORTED_ROUTE_FIELDS: Readonly<Record<string, string>> = {
  match: 'is deprecated in Alertmanager; write matchers: [\'name="value"\']',
  match_re: 'is deprecated in Alertmanager; write matchers: [\'name=~"regex"\']',
  mute_time_intervals: 'is not supported by modelwatch; remove it and use a silence',
  active_time_intervals: 'is not supported by modelwatch; remove it and use a silence',
  labels: 'is not supported by modelwatch; remove it',
};
const ESCALATION_FIELDS = ['after', 'receiver', 'matchers'];
const INHIBIT_FIELDS = ['name', 'source_matchers', 'target_matchers', 'equal'];
const UNSUPPORTED_INHIBIT_FIELDS: Readonly<Record<string, string>> = {
  source_match: 'is deprecated in Alertmanager; write source_matchers: [\'name="value"\']',
  source_match_re: 'is deprecated in Alertmanager; write source_matchers: [\'name=~"regex"\']',
  target_match: 'is deprecated in Alertmanager; write target_matchers: [\'name="value"\']',
  target_match_re: 'is deprecated in Alertmanager; write target_matchers: [\'name=~"regex"\']',
};
/** `receivers` may sit beside the tree in the same YAML; the caller passes their names in the options. */
const TOP_FIELDS = ['route', 'inhibit_rules', 'receivers'];

type Raw = Record<string, unknown>;

/**
 * Validates a YAML-decoded routing section and resolves inheritance. Throws one ConfigError
 * listing every problem, each prefixed by its path (`route.routes[1].group_wait`).
 */
export function parseRoutingConfig(raw: unknown, options: RoutingConfigOptions): RoutingConfig {
  const problems: string[] = [];
  const reader = new ConfigReader(problems, options.receivers);
  let config: RoutingConfig | null = null;
  if (!isObject(raw)) {
    problems.push('routing: expected a mapping with route and inhibit_rules');
  } else {
    reader.checkFields(raw, '', TOP_FIELDS, {});
    const route = raw.route === undefined ? (problems.push('route: missing; add a root route with at least a receiver'), null) : reader.rootRoute(raw.route);
    const inhibitRules = reader.inhibitRules(raw.inhibit_rules);
    if (route) config = { route, inhibitRules };
  }
  if (problems.length > 0 || !config) throw new ConfigError(problems);
  return config;
}

class ConfigReader {
  constructor(
    private readonly problems: string[],
    private readonly receivers: readonly string[],
  ) {}

  rootRoute(raw: unknown): RouteConfig | null {
    const path = 'route';
    if (!isObject(raw)) {
      this.problems.push(`${path}: expected a mapping with at least a receiver`);
      return null;
    }
    if (raw.receiver === undefined) this.problems.push(`${path}.receiver: the root route must name a receiver (the fallback for unmatched alerts)`);
    if (Array.isArray(raw.matchers) && raw.matchers.length > 0) {
      this.problems.push(`${path}.matchers: the root route must match every alert; move these matchers to a child route under routes`);
    }
    if (raw.continue !== undefined && raw.continue !== false) this.problems.push(`${path}.continue: the root route cannot continue; remove it`);
    const root: RouteConfig = {
      receiver: '',
      groupBy: [],
      groupByAll: false,
      continue: false,
      matchers: [],
      groupWaitMs: DEFAULT_GROUP_WAIT_MS,
      groupIntervalMs: DEFAULT_GROUP_INTERVAL_MS,
      repeatIntervalMs: DEFAULT_REPEAT_INTERVAL_MS,
      escalation: null,
      routes: [],
    };
    return this.route(raw, path, root);
  }

  private route(raw: Raw, path: string, parent: RouteConfig): RouteConfig {
    this.checkFields(raw, path, ROUTE_FIELDS, UNSUPPORTED_ROUTE_FIELDS);
    const receiver = raw.receiver === undefined ? parent.receiver : this.receiver(raw.receiver, `${path}.receiver`) ?? parent.receiver;
    const grouping = raw.group_by === undefined ? { groupBy: parent.groupBy, groupByAll: parent.groupByAll } : this.groupBy(raw.group_by, `${path}.group_by`, parent);
    const cont = raw.continue === undefined ? false : this.boolean(raw.continue, `${path}.continue`);
    const matchers = raw.matchers === undefined ? [] : this.matchers(raw.matchers, `${path}.matchers`);
    const groupWaitMs = this.duration(raw.group_wait, `${path}.group_wait`, false) ?? parent.groupWaitMs;
    const groupIntervalMs = this.duration(raw.group_interval, `${path}.group_interval`, true) ?? parent.groupIntervalMs;
    const repeatIntervalMs = this.duration(raw.repeat_interval, `${path}.repeat_interval`, true) ?? parent.repeatIntervalMs;
    const escalation = raw.escalation === undefined ? parent.escalation : this.escalation(raw.escalation, `${path}.escalation`);
    if (escalation && receiver && escalation.receiver === receiver) {
      this.problems.push(
        `${path}.escalation.receiver: '${receiver}' is already this route's receiver; escalate to another receiver or set escalation: null on this route`,
      );
    }
    const route: RouteConfig = { receiver, ...grouping, continue: cont, matchers, groupWaitMs, groupIntervalMs, repeatIntervalMs, escalation, routes: [] };
    if (raw.routes === undefined || raw.routes === null) return route;
    if (!Array.isArray(raw.routes)) {
      this.problems.push(`${path}.routes: expected a list of routes`);
      return route;
    }
    const routes = raw.routes.flatMap((child, i) => {
      const childPath = `${path}.routes[${i}]`;
      if (!isObject(child)) {
        this.problems.push(`${childPath}: expected a mapping (a route with matchers and a receiver)`);
        return [];
      }
      return [this.route(child, childPath, route)];
    });
    return { ...route, routes };
  }

  inhibitRules(raw: unknown): InhibitRule[] {
    if (raw === undefined || raw === null) return [];
    if (!Array.isArray(raw)) {
      this.problems.push('inhibit_rules: expected a list of rules with source_matchers, target_matchers and equal');
      return [];
    }
    return raw.flatMap((rule, i) => {
      const path = `inhibit_rules[${i}]`;
      if (!isObject(rule)) {
        this.problems.push(`${path}: expected a mapping with source_matchers, target_matchers and equal`);
        return [];
      }
      this.checkFields(rule, path, INHIBIT_FIELDS, UNSUPPORTED_INHIBIT_FIELDS);
      if (rule.target_matchers === undefined) {
        this.problems.push(`${path}.target_matchers: missing; list the matchers of the alerts to mute, e.g. ['severity="warning"']`);
      }
      let name: string | null = null;
      if (rule.name !== undefined && rule.name !== null) {
        if (typeof rule.name === 'string') name = rule.name;
        else this.problems.push(`${path}.name: expected a string`);
      }
      return [
        {
          name,
          sourceMatchers: rule.source_matchers === undefined ? [] : this.matchers(rule.source_matchers, `${path}.source_matchers`),
          targetMatchers: rule.target_matchers === undefined ? [] : this.matchers(rule.target_matchers, `${path}.target_matchers`),
          equal: rule.equal === undefined ? [] : this.labelNames(rule.equal, `${path}.equal`),
        },
      ];
    });
  }

  checkFields(raw: Raw, path: string, known: readonly string[], unsupported: Readonly<Record<string, string>>): void {
    for (const key of Object.keys(raw)) {
      if (known.includes(key)) continue;
      const where = path ? `${path}.${key}` : key;
      const reason = unsupported[key];
      if (reason) {
        this.problems.push(`${where}: ${reason}`);
        continue;
      }
      const near = closest(key, known);
      this.problems.push(`${where}: unknown field${near ? `; did you mean ${near}?` : `; expected one of ${known.join(', ')}`}`);
    }
  }

  private receiver(raw: unknown, path: string): string | null {
    if (typeof raw !== 'string' || raw === '') {
      this.problems.push(`${path}: expected a receiver name`);
      return null;
    }
    if (!this.receivers.includes(raw)) {
      const known = this.receivers.length > 0 ? `one of ${this.receivers.join(', ')}` : 'none is defined';
      this.problems.push(`${path}: unknown receiver '${raw}'; define it under receivers or use ${known}`);
    }
    return raw;
  }

  private groupBy(raw: unknown, path: string, parent: RouteConfig): { groupBy: readonly string[]; groupByAll: boolean } {
    const names = this.labelNames(raw, path);
    if (names.includes('...')) {
      if (names.length > 1) {
        this.problems.push(`${path}: '...' (group by all labels) cannot be combined with other labels; write either ['...'] or a list of label names`);
        return { groupBy: parent.groupBy, groupByAll: parent.groupByAll };
      }
      return { groupBy: [], groupByAll: true };
    }
    const duplicate = names.find((name, i) => names.indexOf(name) !== i);
    if (duplicate !== undefined) this.problems.push(`${path}: label '${duplicate}' is listed twice; list each label once`);
    return { groupBy: [...new Set(names)], groupByAll: false };
  }

  private labelNames(raw: unknown, path: string): string[] {
    if (!Array.isArray(raw) || raw.some((name) => typeof name !== 'string' || name === '')) {
      this.problems.push(`${path}: expected a list of label names, e.g. [alertname, model_id]`);
      return [];
    }
    return raw as string[];
  }

  private matchers(raw: unknown, path: string): Matcher[] {
    if (!Array.isArray(raw)) {
      this.problems.push(`${path}: expected a list of matchers, e.g. ['severity="critical"', 'model_id=~"fraud-.*"']`);
      return [];
    }
    return raw.flatMap((item, i) => {
      if (typeof item !== 'string') {
        this.problems.push(`${path}[${i}]: expected a matcher string such as 'severity="critical"'`);
        return [];
      }
      try {
        return parseMatchers(item);
      } catch (error) {
        this.problems.push(`${path}[${i}]: ${(error as Error).message}`);
        return [];
      }
    });
  }

  private boolean(raw: unknown, path: string): boolean {
    if (typeof raw === 'boolean') return raw;
    this.problems.push(`${path}: expected true or false`);
    return false;
  }

  /** null when unset or invalid (the caller inherits); Alertmanager forbids 0 for the two intervals. */
  private duration(raw: unknown, path: string, positive: boolean): number | null {
    if (raw === undefined) return null;
    const ms = typeof raw === 'number' && Number.isInteger(raw) && raw >= 0 ? raw : typeof raw === 'string' ? parseDuration(raw) : null;
    if (ms === null) {
      this.problems.push(`${path}: '${String(raw)}' is not a duration; write a Prometheus duration such as 30s, 5m, 4h or 1h30m, or a number of milliseconds`);
      return null;
    }
    if (positive && ms === 0) {
      this.problems.push(`${path}: cannot be zero; give a positive duration such as 5m`);
      return null;
    }
    return ms;
  }

  private escalation(raw: unknown, path: string): EscalationPolicy | null {
    if (raw === null) return null;
    if (!isObject(raw)) {
      this.problems.push(`${path}: expected { after, receiver, matchers } or null to disable escalation`);
      return null;
    }
    this.checkFields(raw, path, ESCALATION_FIELDS, {});
    if (raw.after === undefined) this.problems.push(`${path}.after: missing; say how long alerts may stay unacknowledged, e.g. 15m`);
    if (raw.receiver === undefined) this.problems.push(`${path}.receiver: missing; name the receiver to escalate to`);
    const afterMs = raw.after === undefined ? null : this.duration(raw.after, `${path}.after`, true);
    const receiver = raw.receiver === undefined ? null : this.receiver(raw.receiver, `${path}.receiver`);
    const matchers = raw.matchers === undefined ? [] : this.matchers(raw.matchers, `${path}.matchers`);
    if (afterMs === null || receiver === null) return null;
    return { afterMs, receiver, matchers };
  }
}

function isObject(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The known field within edit distance 2 of a misspelt one, for "did you mean". */
function closest(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const d = editDistance(word, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** DEFAULT_ROUTING_DATA, parsed. */
export const DEFAULT_ROUTING: RoutingConfig = parseRoutingConfig(DEFAULT_ROUTING_DATA, { receivers: ['default'] });
