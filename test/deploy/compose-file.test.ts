import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '@modelwatch/core';
import { checkComposeFile, checkDockerfile, checkDockerignore } from './compose-checks.ts';

// No Docker engine runs here, so the production stack is checked by its structure. Each check
// is also run against a broken copy of the files, to prove it can fail and says why.

const root = new URL('../../', import.meta.url);
const composeText = readFileSync(new URL('docker-compose.yml', root), 'utf8');
const dockerfileText = readFileSync(new URL('deploy/Dockerfile', root), 'utf8');
const dockerignoreText = readFileSync(new URL('.dockerignore', root), 'utf8');

type Doc = Record<string, any>;
const compose = (): Doc => parse(composeText) as Doc;

/** What `docker compose` does to a value when none of the variables is set. */
function interpolate(value: string): string {
  return value
    .replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}/g, (_, _name: string, fallback: string | undefined) => fallback ?? '')
    .replace(/\$\$/g, '$');
}

function serviceEnv(doc: Doc, service: string): Record<string, string> {
  const env = doc.services[service].environment as Record<string, unknown>;
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, interpolate(String(v))]));
}

describe('docker-compose.yml and deploy/Dockerfile', () => {
  it('pass every structural check', () => {
    expect(checkComposeFile(compose(), dockerfileText)).toEqual([]);
  });

  it('give modelwatch and the simulator an environment the config loader accepts', () => {
    const doc = compose();
    const config = loadConfig({ env: serviceEnv(doc, 'modelwatch') });
    expect(config.kafka.brokers).toEqual(['kafka:9092']);
    expect(config.clickhouse.url).toBe('http://clickhouse:8123');
    expect(config.schemaRegistry.url).toBe('http://schema-registry:8080/apis/ccompat/v7');
    expect(config.http).toEqual({ host: '0.0.0.0', port: 9464 });
    expect(loadConfig({ env: serviceEnv(doc, 'simulator') }).kafka.topicPrefix).toBe(config.kafka.topicPrefix);
  });

  it('keep node_modules, local state and secrets out of the build context', () => {
    expect(checkDockerignore(dockerignoreText)).toEqual([]);
    expect(checkDockerignore(dockerignoreText.replace(/^\*\*\/node_modules$/m, ''))).toEqual([
      '.dockerignore: node_modules is not excluded (add "**/node_modules")',
    ]);
  });
});

type ComposeMutation = readonly [what: string, mutate: (doc: Doc) => void, problem: string];

const composeMutations: readonly ComposeMutation[] = [
  ['a service is removed', (d) => delete d.services.clickhouse, 'services.clickhouse: missing'],
  ['the registry is removed', (d) => delete d.services['schema-registry'], 'services.schema-registry: missing'],
  ['an image is unpinned', (d) => (d.services.kafka.image = 'apache/kafka:latest'), 'services.kafka.image: expected an image matching'],
  ['an image has no tag', (d) => (d.services.clickhouse.image = 'clickhouse/clickhouse-server'), 'services.clickhouse.image: "clickhouse/clickhouse-server" has no pinned tag'],
  ['the registry image is another one', (d) => (d.services['schema-registry'].image = 'example/registry:1.0.0'), 'services.schema-registry.image: expected an image matching'],
  ['Kafka is only a broker', (d) => (d.services.kafka.environment.KAFKA_PROCESS_ROLES = 'broker'), 'KAFKA_PROCESS_ROLES: expected broker,controller'],
  ['Kafka has no controller quorum', (d) => delete d.services.kafka.environment.KAFKA_CONTROLLER_QUORUM_VOTERS, 'KAFKA_CONTROLLER_QUORUM_VOTERS: missing'],
  ['the quorum names the broker port', (d) => (d.services.kafka.environment.KAFKA_CONTROLLER_QUORUM_VOTERS = '1@kafka:9092'), 'KAFKA_CONTROLLER_QUORUM_VOTERS: expected it to name kafka:9093'],
  ['Kafka has no controller listener', (d) => (d.services.kafka.environment.KAFKA_LISTENERS = 'INTERNAL://:9092,HOST://:9094'), 'KAFKA_LISTENERS: no controller listener'],
  ['ZooKeeper is configured', (d) => (d.services.kafka.environment.KAFKA_ZOOKEEPER_CONNECT = 'zookeeper:2181'), 'KAFKA_ZOOKEEPER_CONNECT: Kafka 4 has no ZooKeeper mode'],
  [
    'Kafka advertises only localhost',
    (d) => (d.services.kafka.environment.KAFKA_ADVERTISED_LISTENERS = 'INTERNAL://localhost:9092,HOST://127.0.0.1:9092'),
    'KAFKA_ADVERTISED_LISTENERS: no listener advertised as kafka:port',
  ],
  ['a listener has no protocol', (d) => (d.services.kafka.environment.KAFKA_LISTENER_SECURITY_PROTOCOL_MAP = 'INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT'), 'no protocol for listener HOST'],
  ['the host listener is not published', (d) => delete d.services.kafka.ports, 'services.kafka.ports: no host listener published'],
  ['the host listener is published on another port than advertised', (d) => (d.services.kafka.ports = ['127.0.0.1:19092:9094']), 'services.kafka.ports: no host listener published'],
  ['ClickHouse HTTP is not published', (d) => delete d.services.clickhouse.ports, 'services.clickhouse.ports: container port 8123 is not published'],
  ['the registry is not published', (d) => delete d.services['schema-registry'].ports, 'services.schema-registry.ports: container port 8080 is not published'],
  ['the ops port is not published', (d) => delete d.services.modelwatch.ports, 'services.modelwatch.ports: container port 9464 is not published'],
  ['a service has no healthcheck', (d) => delete d.services['schema-registry'].healthcheck, 'services.schema-registry.healthcheck: missing'],
  ['a healthcheck is disabled', (d) => (d.services.clickhouse.healthcheck = { disable: true }), 'services.clickhouse.healthcheck: missing'],
  ['modelwatch only waits for a start', (d) => (d.services.modelwatch.depends_on.clickhouse = { condition: 'service_started' }), 'services.modelwatch.depends_on.clickhouse: expected condition: service_healthy'],
  ['modelwatch uses the short depends_on', (d) => (d.services.modelwatch.depends_on = ['kafka', 'schema-registry', 'clickhouse']), 'services.modelwatch.depends_on.kafka: expected condition: service_healthy'],
  ['an unknown setting is added', (d) => (d.services.modelwatch.environment.MODELWATCH_CLICKHOUSE_PASSWORD_FILE = '/run/secrets/ch'), 'MODELWATCH_CLICKHOUSE_PASSWORD_FILE: not a setting in CONFIG_FIELDS'],
  ['an unknown setting hides in a substitution', (d) => (d.services.modelwatch.environment.MODELWATCH_TOPIC_PREFIX = '${MODELWATCH_PREFIX:-modelwatch.}'), 'MODELWATCH_PREFIX: not a setting in CONFIG_FIELDS'],
  ['ClickHouse is reached on loopback', (d) => (d.services.modelwatch.environment.MODELWATCH_CLICKHOUSE_URL = 'http://127.0.0.1:8123'), 'MODELWATCH_CLICKHOUSE_URL: expected http://clickhouse:8123'],
  ['ClickHouse is reached on the native port', (d) => (d.services.modelwatch.environment.MODELWATCH_CLICKHOUSE_URL = 'http://clickhouse:9000'), 'MODELWATCH_CLICKHOUSE_URL: expected http://clickhouse:8123'],
  ['Kafka is reached on the host listener', (d) => (d.services.modelwatch.environment.MODELWATCH_KAFKA_BROKERS = '127.0.0.1:9092'), 'services.modelwatch.environment.MODELWATCH_KAFKA_BROKERS: expected kafka:9092'],
  ['Kafka is reached on the controller port', (d) => (d.services.modelwatch.environment.MODELWATCH_KAFKA_BROKERS = 'kafka:9093'), 'services.modelwatch.environment.MODELWATCH_KAFKA_BROKERS: expected kafka:9092'],
  ['the simulator writes to the host listener', (d) => (d.services.simulator.environment.MODELWATCH_KAFKA_BROKERS = '127.0.0.1:9092'), 'services.simulator.environment.MODELWATCH_KAFKA_BROKERS: expected kafka:9092'],
  [
    'the registry URL lacks the Confluent-compatible path',
    (d) => (d.services.modelwatch.environment.MODELWATCH_SCHEMA_REGISTRY_URL = 'http://schema-registry:8080'),
    'MODELWATCH_SCHEMA_REGISTRY_URL: expected http://schema-registry:8080/apis/ccompat/v7',
  ],
  ['a password is written into the file', (d) => (d.services.modelwatch.environment.MODELWATCH_CLICKHOUSE_PASSWORD = 'hunter2'), 'MODELWATCH_CLICKHOUSE_PASSWORD: a literal secret'],
  ['the password is another variable than the server', (d) => (d.services.clickhouse.environment.CLICKHOUSE_PASSWORD = '${CH_PASSWORD}'), 'MODELWATCH_CLICKHOUSE_PASSWORD: "${CLICKHOUSE_PASSWORD:-modelwatch-local-only}" differs from'],
  ['the ops port listens on loopback', (d) => (d.services.modelwatch.environment.MODELWATCH_HTTP_HOST = '127.0.0.1'), 'MODELWATCH_HTTP_HOST: expected 0.0.0.0'],
  ['topics want more replicas than brokers', (d) => (d.services.modelwatch.environment.MODELWATCH_REPLICATION_FACTOR = 3), 'MODELWATCH_REPLICATION_FACTOR: the stack has one broker'],
  ['modelwatch is built from another Dockerfile', (d) => (d.services.modelwatch.build = { context: '.' }), 'services.modelwatch.build.dockerfile: expected deploy/Dockerfile'],
  ['the simulator always starts', (d) => delete d.services.simulator.profiles, 'services.simulator.profiles: expected [demo]'],
  ['the simulator runs something else', (d) => (d.services.simulator.command = ['run']), 'services.simulator.command: expected the simulate command'],
  ['the file has no services', (d) => delete d.services, 'services: missing'],
];

describe('the compose checks catch', () => {
  it.each(composeMutations)('%s', (_what, mutate, problem) => {
    const doc = compose();
    mutate(doc);
    const problems = checkComposeFile(doc, dockerfileText);
    expect(problems.some((p) => p.includes(problem)), `expected "${problem}" in:\n${problems.join('\n')}`).toBe(true);
  });
});

type DockerfileMutation = readonly [what: string, mutate: (text: string) => string, problem: string];

const dockerfileMutations: readonly DockerfileMutation[] = [
  ['another entrypoint', (t) => t.replace(/^ENTRYPOINT .*$/m, 'ENTRYPOINT ["node", "index.js"]'), 'Dockerfile ENTRYPOINT: expected ["node","packages/cli/bin/modelwatch.mjs"]'],
  ['another default command', (t) => t.replace(/^CMD .*$/m, 'CMD ["run"]'), 'Dockerfile CMD: expected ["run", "--targets", "all"]'],
  ['the ops port not exposed', (t) => t.replace(/^EXPOSE .*$/m, 'EXPOSE 8123'), 'Dockerfile EXPOSE: 9464 (the default http.port) is not exposed'],
  ['the SQL port not exposed', (t) => t.replace(/^EXPOSE .*$/m, 'EXPOSE 9464'), 'Dockerfile EXPOSE: 8123 (the default sql_endpoint.port) is not exposed'],
  ['running as root', (t) => t.replace(/^USER .*$/m, 'USER root'), 'Dockerfile USER: the runtime stage must switch to a non-root user'],
  ['no user at all', (t) => t.replace(/^USER .*$/m, ''), 'Dockerfile USER: the runtime stage must switch to a non-root user'],
  ['npm ci', (t) => t.replace('npm install --omit=dev', 'npm ci --omit=dev'), 'Dockerfile RUN: npm ci rejects this lockfile'],
  ['another base image', (t) => t.replace(/^FROM node:20-bookworm-slim AS runtime$/m, 'FROM node:22-alpine AS runtime'), 'Dockerfile FROM node:22-alpine AS runtime: expected node:20-bookworm-slim'],
  ['a single stage', (t) => t.split('\n').filter((l) => !/^FROM .* AS (manifests|deps)$/.test(l)).join('\n'), 'Dockerfile: expected a multi-stage build'],
  ['no healthcheck', (t) => t.replace(/^HEALTHCHECK[\s\S]*?\n(?=\n)/m, ''), 'Dockerfile HEALTHCHECK: expected a probe of http://127.0.0.1:9464/healthz'],
  ['the migrations left out', (t) => t.replace(/^COPY sql .*$/m, ''), 'Dockerfile COPY: sql/ is not copied into the runtime stage'],
];

describe('the Dockerfile checks catch', () => {
  it('nothing in the real Dockerfile', () => {
    expect(checkDockerfile(dockerfileText)).toEqual([]);
  });

  it.each(dockerfileMutations)('%s', (_what, mutate, problem) => {
    const mutated = mutate(dockerfileText);
    expect(mutated).not.toBe(dockerfileText);
    const problems = checkDockerfile(mutated);
    expect(problems.some((p) => p.includes(problem)), `expected "${problem}" in:\n${problems.join('\n')}`).toBe(true);
  });
});
