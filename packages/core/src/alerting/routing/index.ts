export { formatDuration, parseDuration } from './duration.ts';
export { formatMatchers, Matcher, MatcherParseError, matchesAll, parseMatcher, parseMatchers, type MatchOperator } from './matchers.ts';
export {
  DEFAULT_ROUTING,
  parseRoutingConfig,
  type EscalationPolicy,
  type InhibitRule,
  type RouteConfig,
  type RoutingConfig,
  type RoutingConfigOptions,
} from './routing-config.ts';
export { formatLabels, groupKeyOf, groupLabelsOf, RouteTree, type RouteNode } from './route-tree.ts';
export { silenceState, SilenceStore, type Silence, type SilenceState } from './silences.ts';
export { Inhibitor, type Inhibition } from './inhibitor.ts';
export { dedupReason, NotificationLog, type DedupOptions, type DedupReason, type NotificationLogEntry } from './notification-log.ts';
export { Dispatcher, type AlertGroupView, type DispatcherOptions, type MuteStatus } from './dispatcher.ts';
