/**
 * Alert routing with Alertmanager's semantics: the routing config and tree, silences, the
 * notification log and the dispatcher that turns alerts into notifications on a Clock.
 */
export { formatDuration, parseDuration } from './duration.ts';
export { MatcherParseError, parseMatcher, parseMatchers, type Matcher, type MatchOperator } from './matchers.ts';
export {
  DEFAULT_ROUTING,
  DEFAULT_ROUTING_DATA,
  parseRoutingConfig,
  type EscalationPolicy,
  type InhibitRule,
  type RouteConfig,
  type RoutingConfig,
  type RoutingConfigOptions,
} from './routing-config.ts';
export { RouteTree, type RouteNode } from './route-tree.ts';
export { silenceState, SilenceStore, type Silence, type SilenceState } from './silences.ts';
export { silenceRequestProblem, type SilenceRequestDraft } from './silence-rules.ts';
export type { Inhibition } from './inhibitor.ts';
export { NotificationLog, type NotificationLogEntry } from './notification-log.ts';
export { Dispatcher, type AlertGroupView, type DispatcherOptions, type MuteStatus } from './dispatcher.ts';
