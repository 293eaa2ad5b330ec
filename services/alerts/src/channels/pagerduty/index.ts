export {
  PAGERDUTY_EVENTS_URL,
  PAGERDUTY_LIMITS,
  PagerDutyNotifier,
  pagerDutyDedupKey,
  pagerDutyEvent,
  pagerDutySeverity,
  type PagerDutyAlertDetails,
  type PagerDutyCustomDetails,
  type PagerDutyEvent,
  type PagerDutyEventAction,
  type PagerDutyNotifierOptions,
} from './pagerduty-notifier.ts';
