import { schemaRegistryStatus, startSchemaRegistry, stopSchemaRegistry } from '@modelwatch/dev-stack';
import { localServiceCommand } from './local-service-command.ts';

/** `modelwatch registry start|stop|status`: the local Apicurio schema registry of @modelwatch/dev-stack. */
export const registryCommand = localServiceCommand({
  name: 'registry',
  summary: 'start, stop or inspect the local schema registry (Apicurio, Confluent API on 127.0.0.1:8081)',
  usage:
    'modelwatch registry start [--port 8081] | stop | status\n' +
    '  files in $MODELWATCH_DATA_DIR/schema-registry (default .modelwatch/schema-registry); status exits 0 when it answers, 3 when not',
  service: {
    label: 'schema registry',
    portFlags: ['port'],
    async start(dataDir, ports, log) {
      const started = await startSchemaRegistry({ dataDir, ...(ports['port'] !== undefined ? { port: ports['port'] } : {}), log });
      return { ...started, address: started.url };
    },
    stop: (dataDir) => stopSchemaRegistry({ dataDir }),
    async status(dataDir) {
      const status = await schemaRegistryStatus({ dataDir });
      return { ...status, ...(status.url ? { address: status.url } : {}) };
    },
  },
});
