/** Configurations the routing tests share. */

/**
 * The routing example of Alertmanager's docs/configuration.md, without its mute/active time
 * intervals (modelwatch has none; the two inhouse-service routes keep their `continue`).
 */
export const AM_DOCS_EXAMPLE = {
  route: {
    receiver: 'default-receiver',
    group_wait: '30s',
    group_interval: '5m',
    repeat_interval: '4h',
    group_by: ['cluster', 'alertname'],
    routes: [
      { receiver: 'database-pager', group_wait: '10s', matchers: ['service=~"mysql|cassandra"'] },
      { receiver: 'frontend-pager', group_by: ['product', 'environment'], matchers: ['team="frontend"'] },
      { receiver: 'dev-pager', matchers: ['service="inhouse-service"'], continue: true },
      { receiver: 'on-call-pager', matchers: ['service="inhouse-service"'] },
    ],
  },
};
export const AM_DOCS_RECEIVERS = ['default-receiver', 'database-pager', 'frontend-pager', 'dev-pager', 'on-call-pager'];
