import type { logCreator } from 'kafkajs';

/**
 * kafkajs's log lines for a client the SDK makes: JSON on stderr, as kafkajs writes them,
 * except its warning that bounded retries weaken exactly-once. The SDK bounds them on purpose
 * (a batch must fail at some point, not retry forever) and says so in its options.
 */
export const sdkLogCreator: logCreator = () => ({ namespace, label, log }) => {
  const { message, ...extra } = log;
  if (message.includes('Limiting retries for the idempotent producer')) return;
  process.stderr.write(`${JSON.stringify({ level: label, logger: 'kafkajs', namespace, message, ...extra })}\n`);
};
