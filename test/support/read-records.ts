import { randomBytes } from 'node:crypto';
import { Partitioners, type Kafka, type PartitionMetadata } from 'kafkajs';

export interface ReadRecord {
  readonly topic: string;
  readonly partition: number;
  readonly key: string;
  readonly value: Buffer;
  readonly headers: Readonly<Record<string, string>>;
}

/** Reads `count` records from the topics (from the start) with a fresh consumer group. */
export async function readRecords(kafka: Kafka, topics: readonly string[], count: number, timeoutMs = 45_000): Promise<ReadRecord[]> {
  const consumer = kafka.consumer({ groupId: `test-reader-${randomBytes(4).toString('hex')}`, sessionTimeout: 10_000 });
  const records: ReadRecord[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out with ${records.length} of ${count} records from ${topics.join(', ')}`)), timeoutMs);
      consumer
        .run({
          eachMessage: async ({ topic, partition, message }) => {
            const headers: Record<string, string> = {};
            for (const [name, value] of Object.entries(message.headers ?? {})) headers[name] = String(value);
            records.push({ topic, partition, key: message.key?.toString('utf8') ?? '', value: message.value ?? Buffer.alloc(0), headers });
            if (records.length >= count) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
    // A moment more, so a record sent beyond the expected count would be seen too.
    await new Promise((r) => setTimeout(r, 500));
  } finally {
    await consumer.disconnect();
  }
  return records;
}

/** The partition Java's and kafkajs's murmur2 partitioner picks for a key. */
export function murmur2Partition(topic: string, key: string, partitions: number): number {
  const metadata: PartitionMetadata[] = Array.from({ length: partitions }, (_, partitionId) => ({ partitionErrorCode: 0, partitionId, leader: 1, replicas: [1], isr: [1] }));
  return Partitioners.DefaultPartitioner()({ topic, partitionMetadata: metadata, message: { key, value: null } });
}
