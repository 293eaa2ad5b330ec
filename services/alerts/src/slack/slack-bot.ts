import type { Alert } from '@modelwatch/core';
import { createLogger, type Logger } from '@modelwatch/telemetry';
import { App, LogLevel, webApi, type BlockAction, type ButtonAction, type Logger as BoltLogger, type RespondArguments, type RespondFn } from '@slack/bolt';
import { CommandError, type Actor, type AlertCommands, type AlertingRole, type ModelStatus } from './alert-commands.ts';
import { ACTION_IDS, SILENCE_BUTTON_DURATIONS_MS, decodeSilenceValue, markMessage, type KnownBlock, type MessageChange } from './alert-message.ts';
import { code, escapeMrkdwn, formatDuration, formatNumber, truncate, utcMinute } from './mrkdwn.ts';
import { SignedHttpReceiver } from './slack-receiver.ts';
import { toDeliveryError, withTrailingSlash } from './slack-notifier.ts';
import { REQUIRED_ROLE, USAGE, parseSlashCommand, roleAllows, type SlashCommand } from './slash-command.ts';

export interface SlackBotOptions {
  /** xoxb-… */
  readonly botToken: string;
  readonly signingSecret: string;
  /** Slack Web API base, default https://slack.com/api/ (tests point it at a local server). */
  readonly apiUrl?: string;
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly commands: AlertCommands;
  /** The modelwatch role of a Slack user (alerts.slack.users, else the default role); undefined: none. */
  readonly roles: (slackUserId: string) => AlertingRole | undefined;
  readonly log?: Logger;
  /** Epoch ms, for the signature's timestamp check and times in replies. Default Date.now. */
  readonly clock?: () => number;
  /** The slash command's name. Default `/modelwatch`. */
  readonly command?: string;
}

export interface SlackBot {
  /** Where Slack sends events, commands and interactions: `http://HOST:PORT/slack/events`. */
  readonly url: string;
  /** The bot's own Slack user id, from auth.test. */
  readonly botUserId: string | undefined;
  stop(): Promise<void>;
}

/** The message a user without the role gets, naming the fix. */
export function roleRefusal(needed: AlertingRole, slackUserId: string): string {
  const role = needed === 'oncall' ? 'on-call' : needed;
  return `You need the ${role} role for this; ask an admin to map your Slack user (${slackUserId}) in alerts.slack.users.`;
}

const MAX_LISTED_ALERTS = 20;

/**
 * Starts the Slack bot: a Bolt app on our own signed receiver (POST /slack/events). Buttons on
 * alert messages and `/modelwatch` call `commands` as the clicking user, if their role allows.
 * Every handler acknowledges first, then works, then answers through the interaction's
 * response_url (`respond`): ephemeral answers and refusals, and `replace_original` to update the
 * alert message a button was clicked on. The bot token is checked with auth.test before the
 * server listens, so a wrong token fails here rather than on the first click.
 */
export async function startSlackBot(options: SlackBotOptions): Promise<SlackBot> {
  const log = (options.log ?? createLogger({ level: 'warn' })).child({ component: 'slack-bot' });
  const clock = options.clock ?? Date.now;
  const clientOptions = options.apiUrl === undefined ? {} : { slackApiUrl: withTrailingSlash(options.apiUrl) };
  const boltLogger = toBoltLogger(log);

  const verifier = new webApi.WebClient(options.botToken, { ...clientOptions, logger: boltLogger, retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 2000 } });
  let identity: { botUserId: string | undefined; botId: string | undefined };
  try {
    const result = await verifier.auth.test();
    identity = { botUserId: typeof result.user_id === 'string' ? result.user_id : undefined, botId: typeof result.bot_id === 'string' ? result.bot_id : undefined };
  } catch (error) {
    const failure = toDeliveryError('auth.test', error);
    throw new Error(`the Slack bot token was not accepted: ${failure.message}`, { cause: error });
  }

  const receiver = new SignedHttpReceiver({ signingSecret: options.signingSecret, host: options.host, port: options.port, log, clock });
  const app = new App({
    token: options.botToken,
    // Known from our auth.test, so Bolt does not call it again (and cannot cache a failed call).
    ...(identity.botId !== undefined && identity.botUserId !== undefined ? { botId: identity.botId, botUserId: identity.botUserId } : {}),
    receiver,
    clientOptions,
    logger: boltLogger,
  });
  app.error(async (error) => {
    log.error('Slack handler failed', { error, code: (error as { code?: unknown }).code });
  });
  registerHandlers(app, { ...options, log, clock });
  const { url } = await receiver.start();
  log.info('Slack bot listening', { url });
  return {
    url,
    botUserId: identity.botUserId,
    stop: () => receiver.stop(),
  };
}

interface HandlerDeps {
  readonly commands: AlertCommands;
  readonly roles: (slackUserId: string) => AlertingRole | undefined;
  readonly log: Logger;
  readonly clock: () => number;
  readonly command?: string;
}

function registerHandlers(app: App, deps: HandlerDeps): void {
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.acknowledge, async ({ ack, body, action, respond }) => {
    await ack();
    await buttonCommand(deps, body, respond, async (actor) => {
      await deps.commands.acknowledge(actor, action.value ?? '');
      return { kind: 'acknowledged', slackUserId: actor.id };
    });
  });

  app.action<BlockAction<ButtonAction>>(ACTION_IDS.resolve, async ({ ack, body, action, respond }) => {
    await ack();
    await buttonCommand(deps, body, respond, async (actor) => {
      await deps.commands.resolve(actor, action.value ?? '');
      return { kind: 'resolved', slackUserId: actor.id };
    });
  });

  app.action<BlockAction<ButtonAction>>(new RegExp(`^(${ACTION_IDS.silence1h}|${ACTION_IDS.silence24h})$`), async ({ ack, body, action, respond }) => {
    await ack();
    await buttonCommand(deps, body, respond, async (actor) => {
      const durationMs = SILENCE_BUTTON_DURATIONS_MS[action.action_id];
      const value = decodeSilenceValue(action.value);
      if (durationMs === undefined || value === undefined) throw new CommandError('This button carries no matchers; silence with /modelwatch silence label="value" DURATION instead.');
      const { silenceId, endsAt } = await deps.commands.silence(actor, {
        matchers: value.matchers,
        durationMs,
        comment: `Silenced from Slack for ${formatDuration(durationMs)} by ${actor.name ?? actor.id} (group ${value.groupKey})`,
      });
      return { kind: 'silenced', slackUserId: actor.id, detail: `for ${formatDuration(durationMs)}, until ${utcMinute(endsAt)} (silence ${code(silenceId)}: ${value.matchers.map(code).join(', ')})` };
    });
  });

  // A URL button: the browser opens the runbook; Slack still sends the click, which only needs an ack.
  app.action(ACTION_IDS.runbook, async ({ ack }) => {
    await ack();
  });

  app.command(deps.command ?? '/modelwatch', async ({ ack, command, respond }) => {
    await ack();
    const userId = command.user_id;
    const parsed = parseSlashCommand(command.text ?? '');
    if (!parsed.ok) {
      await respond({ response_type: 'ephemeral', text: `⚠️ ${parsed.error}` });
      return;
    }
    const request = parsed.command;
    const role = deps.roles(userId);
    const needed = REQUIRED_ROLE[request.kind];
    if (!roleAllows(role, needed)) {
      deps.log.info('refused a Slack command: role too low', { slackUser: userId, role, needed, subcommand: request.kind });
      await respond({ response_type: 'ephemeral', text: `🚫 ${roleRefusal(needed ?? 'viewer', userId)}` });
      return;
    }
    const actor: Actor = { id: userId, role: role ?? 'viewer', via: 'slack', ...(command.user_name ? { name: command.user_name } : {}) };
    try {
      await respond(await runSlashCommand(deps, actor, request));
    } catch (error) {
      await respond({ response_type: 'ephemeral', text: failureText(deps, error, request.kind) });
    }
  });
}

async function buttonCommand(
  deps: HandlerDeps,
  body: BlockAction<ButtonAction>,
  respond: RespondFn,
  run: (actor: Actor) => Promise<MessageChange>,
): Promise<void> {
  const userId = body.user.id;
  const role = deps.roles(userId);
  const action = body.actions[0]?.action_id;
  if (!roleAllows(role, 'oncall')) {
    deps.log.info('refused a Slack button: role too low', { slackUser: userId, role, action });
    await respond({ response_type: 'ephemeral', replace_original: false, text: `🚫 ${roleRefusal('oncall', userId)}` });
    return;
  }
  const name = body.user.name ?? body.user.username;
  const actor: Actor = { id: userId, role: role ?? 'oncall', via: 'slack', ...(name ? { name } : {}) };
  let change: MessageChange;
  try {
    change = await run(actor);
  } catch (error) {
    await respond({ response_type: 'ephemeral', replace_original: false, text: failureText(deps, error, action ?? 'button') });
    return;
  }
  const message = body.message;
  const blocks = Array.isArray(message?.['blocks']) ? (message['blocks'] as KnownBlock[]) : undefined;
  if (blocks === undefined) {
    await respond({ response_type: 'ephemeral', replace_original: false, text: `Done: ${change.kind} by <@${userId}>.` });
    return;
  }
  await respond({ replace_original: true, text: typeof message?.text === 'string' ? message.text : `${change.kind} by ${userId}`, blocks: markMessage(blocks, change) });
}

function failureText(deps: HandlerDeps, error: unknown, what: string): string {
  if (error instanceof CommandError) return `⚠️ ${error.message}`;
  deps.log.error('a Slack command failed', { error, what });
  return `⚠️ That did not work (${escapeMrkdwn(error instanceof Error ? error.message : String(error))}). Try again; if it keeps failing, use the modelwatch API or CLI and tell the modelwatch admins.`;
}

async function runSlashCommand(deps: HandlerDeps, actor: Actor, request: SlashCommand): Promise<RespondArguments> {
  switch (request.kind) {
    case 'help':
      return { response_type: 'ephemeral', text: `*modelwatch commands*\n${USAGE}` };
    case 'status':
      return { response_type: 'ephemeral', text: statusText(await deps.commands.modelStatus(request.modelId)) };
    case 'alerts': {
      const alerts = await deps.commands.activeAlerts();
      return { response_type: 'ephemeral', text: alertsText(alerts) };
    }
    case 'silence': {
      const comment = request.comment ?? `Silenced from Slack by ${actor.name ?? actor.id}`;
      const { silenceId, endsAt } = await deps.commands.silence(actor, { matchers: request.matchers, durationMs: request.durationMs, comment });
      return {
        response_type: 'in_channel',
        text: `🔕 <@${actor.id}> silenced ${request.matchers.map(code).join(', ')} for ${formatDuration(request.durationMs)}, until ${utcMinute(endsAt)} (silence ${code(silenceId)}): ${escapeMrkdwn(comment)}`,
      };
    }
    case 'ack': {
      const { groupKeys } = await deps.commands.acknowledge(actor, request.target);
      const groups = groupKeys.length === 0 ? '' : `: ${groupKeys.map((k) => code(truncate(k, 200))).join(', ')}`;
      return { response_type: 'in_channel', text: `👀 <@${actor.id}> acknowledged ${groupKeys.length} group${groupKeys.length === 1 ? '' : 's'}${groups}` };
    }
  }
}

function alertLine(alert: Alert): string {
  const l = alert.labels;
  const where = [l['model_id'], l['model_version'] ? `v${l['model_version']}` : undefined, l['segment'], l['feature'], l['metric']]
    .filter((p): p is string => p !== undefined && p !== '')
    .join(' · ');
  const value = alert.value === null ? '' : ` = ${formatNumber(alert.value)}${alert.threshold === null ? '' : ` (threshold ${formatNumber(alert.threshold)})`}`;
  return `• ${alert.severity === 'critical' ? '🔴' : alert.severity === 'warning' ? '🟠' : '🔵'} *${escapeMrkdwn(l['alertname'] ?? alert.ruleId)}* ${escapeMrkdwn(where)}${value}, ${alert.state} since ${utcMinute(alert.startsAt)} · ${code(alert.fingerprint.slice(0, 12))}`;
}

function listAlerts(alerts: readonly Alert[]): string {
  const lines = alerts.slice(0, MAX_LISTED_ALERTS).map(alertLine);
  if (alerts.length > MAX_LISTED_ALERTS) lines.push(`…and ${alerts.length - MAX_LISTED_ALERTS} more`);
  return lines.join('\n');
}

function alertsText(alerts: readonly Alert[]): string {
  if (alerts.length === 0) return '✅ No active alerts.';
  return truncate(`*${alerts.length} active alert${alerts.length === 1 ? '' : 's'}* (the last column is the fingerprint prefix for \`/modelwatch ack\`):\n${listAlerts(alerts)}`, 3900);
}

function statusText(status: ModelStatus): string {
  const lines = [`*${escapeMrkdwn(status.modelId)}*: newest window ${status.lastWindowStart === null ? 'none yet' : utcMinute(status.lastWindowStart)}`];
  for (const h of status.headline) {
    lines.push(`• ${escapeMrkdwn(h.metric)}${h.feature ? ` (${escapeMrkdwn(h.feature)})` : ''}: ${formatNumber(h.value)} — ${escapeMrkdwn(h.status)}`);
  }
  if (status.headline.length === 0) lines.push('• no metrics in the newest window');
  lines.push(status.activeAlerts.length === 0 ? '✅ No active alerts.' : `*${status.activeAlerts.length} active alert${status.activeAlerts.length === 1 ? '' : 's'}:*\n${listAlerts(status.activeAlerts)}`);
  return truncate(lines.join('\n'), 3900);
}

/** Bolt's logger interface over ours; Bolt's own debug lines stay out. */
function toBoltLogger(log: Logger): BoltLogger {
  let level: LogLevel = LogLevel.INFO;
  const text = (msg: unknown[]): string => msg.map((m) => (m instanceof Error ? m.message : typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
  return {
    debug: () => {},
    info: (...msg: unknown[]) => log.info(text(msg), { source: 'bolt' }),
    warn: (...msg: unknown[]) => log.warn(text(msg), { source: 'bolt' }),
    error: (...msg: unknown[]) => log.error(text(msg), { source: 'bolt' }),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
