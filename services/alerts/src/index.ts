export { alertsModule } from './module.ts';
export { startAlertsService, type AlertsService, type AlertsServiceParts } from './alerts-service.ts';
export { AlertEngine } from './alert-engine.ts';
export { buildIntegrations } from './receivers/integrations.ts';
export { routingSetup, type RoutingSetup } from './receivers/routing-setup.ts';
export * from './slack/index.ts';
export * from './channels/pagerduty/index.ts';
export * from './channels/webhook/index.ts';
export * from './channels/email/index.ts';
