import { kafkaStatus, startKafka, stopKafka } from '@modelwatch/dev-stack';
import { localServiceCommand } from './local-service-command.ts';

/** `modelwatch kafka start|stop|status`: the local single-node broker of @modelwatch/dev-stack. */
export const kafkaCommand = localServiceCommand({
  name: 'kafka',
  summary: 'start, stop or inspect the local Kafka broker (127.0.0.1:9092, from Maven Central)',
  usage:
    'modelwatch kafka start [--port 9092] [--controller-port 9093] | stop | status\n' +
    '  files in $MODELWATCH_DATA_DIR/kafka (default .modelwatch/kafka); status exits 0 when it answers, 3 when not',
  service: {
    label: 'Kafka',
    portFlags: ['port', 'controller-port'],
    async start(dataDir, ports, log) {
      const started = await startKafka({
        dataDir,
        ...(ports['port'] !== undefined ? { port: ports['port'] } : {}),
        ...(ports['controller-port'] !== undefined ? { controllerPort: ports['controller-port'] } : {}),
        log,
      });
      return { ...started, address: `brokers ${started.brokers.join(',')}` };
    },
    stop: (dataDir) => stopKafka({ dataDir }),
    async status(dataDir) {
      const status = await kafkaStatus({ dataDir });
      return { ...status, ...(status.brokers ? { address: status.brokers.join(',') } : {}) };
    },
  },
});
