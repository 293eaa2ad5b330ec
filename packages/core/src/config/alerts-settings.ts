import type { AlertsApiClient, SlackUserRole } from './modelwatch-config.ts';

type Raw = Record<string, unknown>;

const ROLES = ['viewer', 'oncall', 'admin'] as const;
type Role = (typeof ROLES)[number];

function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** `alerts.slack.users`: Slack user ids and the modelwatch role each one has. */
export function parseSlackUsers(value: unknown, problems: string[]): SlackUserRole[] {
  if (!Array.isArray(value)) return [];
  const users: SlackUserRole[] = [];
  value.forEach((entry: unknown, i) => {
    const where = `alerts.slack.users[${i}]`;
    if (typeof entry !== 'object' || entry === null) {
      problems.push(`${where}: expected { slack_user: U0123ABC, role: viewer | oncall | admin }`);
      return;
    }
    const { slack_user: user, role, ...rest } = entry as Raw;
    for (const key of Object.keys(rest)) problems.push(`${where}: unknown key "${key}"; the keys are slack_user, role`);
    if (typeof user !== 'string' || !/^[UW][A-Z0-9]{2,}$/.test(user)) {
      problems.push(`${where}.slack_user: expected a Slack user id such as U0123ABC (profile > Copy member ID)`);
      return;
    }
    if (!isRole(role)) {
      problems.push(`${where}.role: expected one of ${ROLES.join(', ')}`);
      return;
    }
    users.push({ slackUser: user, role });
  });
  return users;
}

/** `alerts.api.tokens`: bearer tokens of API clients, stored as SHA-256 so the config holds no secret. */
export function parseApiClients(value: unknown, problems: string[]): AlertsApiClient[] {
  if (!Array.isArray(value)) return [];
  const clients: AlertsApiClient[] = [];
  value.forEach((entry: unknown, i) => {
    const where = `alerts.api.tokens[${i}]`;
    if (typeof entry !== 'object' || entry === null) {
      problems.push(`${where}: expected { name, token_sha256, role }`);
      return;
    }
    const { name, token_sha256: hash, role, ...rest } = entry as Raw;
    for (const key of Object.keys(rest)) problems.push(`${where}: unknown key "${key}"; the keys are name, token_sha256, role`);
    if (typeof name !== 'string' || !/^[A-Za-z0-9_.@-]{1,64}$/.test(name)) {
      problems.push(`${where}.name: expected a client name of letters, digits, "_", ".", "@" or "-"`);
      return;
    }
    if (typeof hash !== 'string' || !/^[0-9a-f]{64}$/.test(hash)) {
      problems.push(`${where}.token_sha256: expected 64 lowercase hex digits (echo -n TOKEN | sha256sum)`);
      return;
    }
    if (!isRole(role)) {
      problems.push(`${where}.role: expected one of ${ROLES.join(', ')}`);
      return;
    }
    clients.push({ name, tokenSha256: hash, role });
  });
  return clients;
}
