import { randomUUID } from 'node:crypto';
import type { Admin, Consumer, Kafka, KafkaMessage } from 'kafkajs';

export interface TopicFollower {
  /** Resolves once every record that was on the topic when following began has been handled. */
  readonly caughtUp: Promise<void>;
  stop(): Promise<void>;
}

export interface FollowOptions {
  readonly kafka: Kafka;
  readonly topic: string;
  /** A prefix for the throwaway consumer group (one per follower, deleted on stop). */
  readonly groupPrefix: string;
  /** Handles one record; records of a partition are handled in order. */
  onMessage(message: KafkaMessage, partition: number): Promise<void> | void;
  /** Stop after catching up instead of following new records. */
  readonly untilCaughtUp?: boolean;
}

/**
 * Reads a whole topic from its first record and keeps following it: how a process rebuilds
 * state that lives on a log (alert states, rules, silences) and then stays current. Every
 * process reads every partition, so the group is private to this follower.
 */
export async function followTopic(options: FollowOptions): Promise<TopicFollower> {
  const groupId = `${options.groupPrefix}${randomUUID()}`;
  const admin: Admin = options.kafka.admin();
  await admin.connect();
  const ends = new Map<number, string>();
  for (const p of await offsetsOnceLed(admin, options.topic)) {
    if (BigInt(p.high) > BigInt(p.low)) ends.set(p.partition, p.high);
  }
  let markCaughtUp: () => void = () => undefined;
  const caughtUp = new Promise<void>((resolve) => {
    markCaughtUp = resolve;
  });
  const checkCaughtUp = () => {
    if (ends.size === 0) markCaughtUp();
  };
  const consumer: Consumer = options.kafka.consumer({ groupId, maxWaitTimeInMs: 100, allowAutoTopicCreation: false });
  await consumer.connect();
  await consumer.subscribe({ topic: options.topic, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ message, partition }) => {
      await options.onMessage(message, partition);
      const end = ends.get(partition);
      if (end !== undefined && BigInt(message.offset) + 1n >= BigInt(end)) {
        ends.delete(partition);
        checkCaughtUp();
      }
    },
  });
  checkCaughtUp();
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await consumer.disconnect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  };
  if (options.untilCaughtUp) await caughtUp.then(stop);
  return { caughtUp, stop };
}

/**
 * The topic's offsets. Right after a topic is created its partitions may have no leader yet
 * ("not the leader for that topic-partition"), so retriable errors are tried again for a while.
 */
async function offsetsOnceLed(admin: Admin, topic: string): Promise<{ partition: number; high: string; low: string }[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await admin.fetchTopicOffsets(topic);
    } catch (error) {
      const retriable = (error as { retriable?: boolean }).retriable === true;
      if (!retriable || attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(2_000, 100 * attempt)));
    }
  }
}
