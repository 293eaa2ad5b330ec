export { startSlackBot, roleRefusal, type SlackBot, type SlackBotOptions } from './slack-bot.ts';
export { SlackNotifier, createSlackClient, toDeliveryError, type SlackClient, type SlackNotifierOptions } from './slack-notifier.ts';
export {
  verifySlackRequest,
  signSlackRequest,
  SLACK_SIGNATURE_HEADER,
  SLACK_TIMESTAMP_HEADER,
  SLACK_TIMESTAMP_TOLERANCE_SECONDS,
  type SlackRequestToVerify,
  type SlackVerification,
} from './slack-signature.ts';
export { SignedHttpReceiver, SLACK_EVENTS_PATH, type SignedReceiverOptions } from './slack-receiver.ts';
export {
  ACTION_IDS,
  ACTIONS_BLOCK_ID,
  STATE_BLOCK_ID,
  SILENCE_BUTTON_DURATIONS_MS,
  decodeSilenceValue,
  encodeSilenceValue,
  renderAlertMessage,
  renderThreadUpdate,
  sparkline,
  type SilenceButtonValue,
} from './alert-message.ts';
export { parseSlashCommand, parseDuration, parseMatcher, USAGE, type SlashCommand } from './slash-command.ts';
export { CommandError, type Actor, type AlertCommands, type AlertingRole, type ModelStatus, type SilenceRequest } from './alert-commands.ts';
