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
