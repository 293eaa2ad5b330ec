import { CONFIG_FIELDS } from '@modelwatch/core';

/**
 * Structural checks of docker-compose.yml and deploy/Dockerfile. No Docker engine runs where
 * the tests run, so these checks stand in for `docker compose up`: every service the stack
 * needs exists with a real, pinned image; Kafka runs in KRaft mode and advertises an address
 * modelwatch can reach; modelwatch waits for healthy dependencies and is pointed at them with
 * settings that exist in CONFIG_FIELDS; no password is written into the file.
 *
 * Each problem is one line that names the service or instruction at fault, and all of them
 * are returned together, so a broken file is fixed in one pass.
 */

/** Service names the rest of the file (and deploy/README.md) refer to. */
export const SERVICES = { kafka: 'kafka', registry: 'schema-registry', clickhouse: 'clickhouse', modelwatch: 'modelwatch', simulator: 'simulator' } as const;

/** Container ports of the images, fixed by the images themselves. */
const CLICKHOUSE_HTTP_PORT = 8123;
const REGISTRY_HTTP_PORT = 8080;
const REGISTRY_CCOMPAT_PATH = '/apis/ccompat/v7';

/** The images this stack is built on, each with a version tag (never `latest`). */
const IMAGES: Readonly<Record<string, RegExp>> = {
  [SERVICES.kafka]: /^apache\/kafka:4\.1\.\d+$/,
  [SERVICES.registry]: /^apicurio\/apicurio-registry:3\.\d+\.\d+$/,
  [SERVICES.clickhouse]: /^clickhouse\/clickhouse-server:\d+\.\d+(\.\d+)*$/,
};

const CLI_ENTRYPOINT = ['node', 'packages/cli/bin/modelwatch.mjs'];
const BASE_IMAGE = 'node:20-bookworm-slim';

type Doc = Record<string, unknown>;

export function checkComposeFile(doc: unknown, dockerfileText: string): string[] {
  const problems: string[] = [];
  const services = record(record(doc)?.services);
  if (!services) return ['services: missing; the file must define services'];

  const service = (name: string): Doc | undefined => record(services[name]);
  for (const name of [SERVICES.kafka, SERVICES.registry, SERVICES.clickhouse, SERVICES.modelwatch]) {
    if (!service(name)) problems.push(`services.${name}: missing`);
  }

  checkImages(services, problems);
  checkHealthchecks(services, problems);
  checkDependsOn(service(SERVICES.modelwatch), [SERVICES.kafka, SERVICES.registry, SERVICES.clickhouse], SERVICES.modelwatch, problems);
  checkSettingNames(doc, problems);

  const kafka = service(SERVICES.kafka);
  const internalBroker = kafka ? checkKafka(kafka, problems) : undefined;
  const registry = service(SERVICES.registry);
  if (registry) checkPublished(registry, SERVICES.registry, REGISTRY_HTTP_PORT, problems);
  const clickhouse = service(SERVICES.clickhouse);
  if (clickhouse) checkPublished(clickhouse, SERVICES.clickhouse, CLICKHOUSE_HTTP_PORT, problems);

  const modelwatch = service(SERVICES.modelwatch);
  if (modelwatch) checkModelwatch(modelwatch, clickhouse, internalBroker, problems);
  const simulator = service(SERVICES.simulator);
  if (simulator) checkSimulator(simulator, internalBroker, problems);

  problems.push(...checkDockerfile(dockerfileText));
  return problems;
}

function checkImages(services: Doc, problems: string[]): void {
  for (const [name, pattern] of Object.entries(IMAGES)) {
    const image = record(services[name])?.image;
    if (image === undefined) continue;
    if (typeof image !== 'string' || !pattern.test(image)) {
      problems.push(`services.${name}.image: expected an image matching ${pattern} (a pinned version tag, not latest), got ${JSON.stringify(image)}`);
    }
  }
  for (const [name, value] of Object.entries(services)) {
    const image = record(value)?.image;
    if (typeof image === 'string' && (!/:[^/]+$/.test(image) || /:latest$/.test(image))) {
      problems.push(`services.${name}.image: "${image}" has no pinned tag; name a version`);
    }
  }
}

function checkHealthchecks(services: Doc, problems: string[]): void {
  for (const [name, value] of Object.entries(services)) {
    const healthcheck = record(record(value)?.healthcheck);
    const test = healthcheck?.test;
    const runs = Array.isArray(test) ? test.length > 1 && test[0] !== 'NONE' : typeof test === 'string' && test.trim() !== '';
    if (!healthcheck || healthcheck.disable === true || !runs) {
      problems.push(`services.${name}.healthcheck: missing; every service needs a test so dependants can wait for it`);
    }
  }
}

function checkDependsOn(service: Doc | undefined, needs: readonly string[], name: string, problems: string[]): void {
  if (!service) return;
  const dependsOn = record(service.depends_on);
  for (const need of needs) {
    const condition = record(dependsOn?.[need])?.condition;
    if (condition !== 'service_healthy') {
      problems.push(`services.${name}.depends_on.${need}: expected condition: service_healthy`);
    }
  }
}

/** Every MODELWATCH_* name anywhere in the file, as a key or inside a value, must be a setting. */
function checkSettingNames(doc: unknown, problems: string[]): void {
  const known = new Set(CONFIG_FIELDS.flatMap((f) => (f.env ? [f.env] : [])));
  const seen = new Set<string>();
  for (const text of strings(doc)) {
    for (const match of text.matchAll(/MODELWATCH_[A-Z0-9_]+/g)) seen.add(match[0]);
  }
  for (const name of [...seen].sort()) {
    if (!known.has(name)) problems.push(`${name}: not a setting in CONFIG_FIELDS (packages/core/src/config/config-fields.ts)`);
  }
}

interface Listener {
  readonly name: string;
  readonly host: string;
  readonly port: number;
}

/** Checks the KRaft setup and returns the advertised `kafka:port` address for compose containers. */
function checkKafka(kafka: Doc, problems: string[]): string | undefined {
  const env = environment(kafka);
  const where = `services.${SERVICES.kafka}.environment`;
  const roles = (env.get('KAFKA_PROCESS_ROLES') ?? '').split(',').map((r) => r.trim());
  if (!roles.includes('broker') || !roles.includes('controller')) {
    problems.push(`${where}.KAFKA_PROCESS_ROLES: expected broker,controller (one KRaft node), got ${JSON.stringify(env.get('KAFKA_PROCESS_ROLES'))}`);
  }
  if (env.has('KAFKA_ZOOKEEPER_CONNECT')) problems.push(`${where}.KAFKA_ZOOKEEPER_CONNECT: Kafka 4 has no ZooKeeper mode; remove it`);
  if (!env.get('CLUSTER_ID')) problems.push(`${where}.CLUSTER_ID: missing; KRaft storage is formatted with it`);

  const listeners = parseListeners(env.get('KAFKA_LISTENERS'));
  const advertised = parseListeners(env.get('KAFKA_ADVERTISED_LISTENERS'));
  const protocols = new Set((env.get('KAFKA_LISTENER_SECURITY_PROTOCOL_MAP') ?? '').split(',').map((p) => p.split(':')[0]?.trim()));
  const controllerNames = (env.get('KAFKA_CONTROLLER_LISTENER_NAMES') ?? '').split(',').map((n) => n.trim()).filter((n) => n);
  if (controllerNames.length === 0) problems.push(`${where}.KAFKA_CONTROLLER_LISTENER_NAMES: missing`);

  const controller = listeners.find((l) => controllerNames.includes(l.name));
  if (!controller) {
    problems.push(`${where}.KAFKA_LISTENERS: no controller listener (${controllerNames.join(',') || 'CONTROLLER'}://:port)`);
  }
  const quorum = env.get('KAFKA_CONTROLLER_QUORUM_VOTERS') ?? env.get('KAFKA_CONTROLLER_QUORUM_BOOTSTRAP_SERVERS');
  if (!quorum) {
    problems.push(`${where}.KAFKA_CONTROLLER_QUORUM_VOTERS: missing; a KRaft node needs its controller quorum`);
  } else if (controller && !quorum.split(',').some((v) => v.trim().replace(/^\d+@/, '') === `${SERVICES.kafka}:${controller.port}`)) {
    problems.push(`${where}.KAFKA_CONTROLLER_QUORUM_VOTERS: expected it to name ${SERVICES.kafka}:${controller.port}, the controller listener, got ${JSON.stringify(quorum)}`);
  }
  for (const listener of [...listeners, ...advertised]) {
    if (!protocols.has(listener.name)) problems.push(`${where}.KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: no protocol for listener ${listener.name}`);
  }
  for (const listener of advertised) {
    if (!listeners.some((l) => l.name === listener.name)) problems.push(`${where}.KAFKA_ADVERTISED_LISTENERS: ${listener.name} is advertised but not in KAFKA_LISTENERS`);
  }

  // The listener modelwatch uses: advertised under the service's own name, bound in the container.
  const internal = advertised.find((l) => l.host === SERVICES.kafka);
  if (!internal) {
    problems.push(`${where}.KAFKA_ADVERTISED_LISTENERS: no listener advertised as ${SERVICES.kafka}:port, so containers on the compose network cannot reach the broker`);
  } else if (listeners.find((l) => l.name === internal.name)?.port !== internal.port) {
    problems.push(`${where}: listener ${internal.name} is advertised on port ${internal.port} but bound on another port in KAFKA_LISTENERS`);
  }
  const interBroker = env.get('KAFKA_INTER_BROKER_LISTENER_NAME');
  if (interBroker && !listeners.some((l) => l.name === interBroker)) {
    problems.push(`${where}.KAFKA_INTER_BROKER_LISTENER_NAME: ${interBroker} is not in KAFKA_LISTENERS`);
  }

  // The listener for clients on the host: advertised with a host address, its container port published there.
  const external = advertised.filter((l) => l.host !== SERVICES.kafka);
  const published = ports(kafka);
  const reachable = external.some((l) => {
    const bound = listeners.find((b) => b.name === l.name);
    return bound !== undefined && published.some((p) => p.target === bound.port && p.published === l.port);
  });
  if (!reachable) {
    problems.push(`services.${SERVICES.kafka}.ports: no host listener published on the port it advertises, so clients on the host cannot reach the broker`);
  }
  return internal ? `${internal.host}:${internal.port}` : undefined;
}

function checkModelwatch(modelwatch: Doc, clickhouse: Doc | undefined, internalBroker: string | undefined, problems: string[]): void {
  const name = SERVICES.modelwatch;
  const where = `services.${name}.environment`;
  const env = environment(modelwatch);

  const dockerfile = record(modelwatch.build)?.dockerfile;
  if (dockerfile !== 'deploy/Dockerfile') problems.push(`services.${name}.build.dockerfile: expected deploy/Dockerfile, got ${JSON.stringify(dockerfile)}`);

  checkBrokers(env, internalBroker, where, problems);
  checkRegistryUrl(env, where, problems);

  const clickhouseUrl = url(env.get('MODELWATCH_CLICKHOUSE_URL'));
  if (!clickhouseUrl || clickhouseUrl.hostname !== SERVICES.clickhouse || Number(clickhouseUrl.port) !== CLICKHOUSE_HTTP_PORT) {
    problems.push(`${where}.MODELWATCH_CLICKHOUSE_URL: expected http://${SERVICES.clickhouse}:${CLICKHOUSE_HTTP_PORT}, the ClickHouse service's HTTP port, got ${JSON.stringify(env.get('MODELWATCH_CLICKHOUSE_URL'))}`);
  }
  if (!env.get('MODELWATCH_CLICKHOUSE_DATABASE')) problems.push(`${where}.MODELWATCH_CLICKHOUSE_DATABASE: missing`);

  // Secrets come from the environment of `docker compose`, never from this file.
  for (const [key, value] of env) {
    if (/PASSWORD|SECRET|TOKEN|CREDENTIAL/.test(key) && !isSubstitution(value)) {
      problems.push(`${where}.${key}: a literal secret; write \${VARIABLE:-local-default} and set VARIABLE outside the file`);
    }
  }
  // modelwatch must log in with what the ClickHouse server was created with.
  if (clickhouse) {
    const server = environment(clickhouse);
    for (const [setting, serverSetting] of [['MODELWATCH_CLICKHOUSE_USER', 'CLICKHOUSE_USER'], ['MODELWATCH_CLICKHOUSE_PASSWORD', 'CLICKHOUSE_PASSWORD']] as const) {
      if (env.get(setting) !== server.get(serverSetting)) {
        problems.push(`${where}.${setting}: ${JSON.stringify(env.get(setting))} differs from the clickhouse service's ${serverSetting} ${JSON.stringify(server.get(serverSetting))}`);
      }
    }
  }

  const httpPort = Number(env.get('MODELWATCH_HTTP_PORT') ?? defaultOf('http.port'));
  if (env.get('MODELWATCH_HTTP_HOST') !== '0.0.0.0') {
    problems.push(`${where}.MODELWATCH_HTTP_HOST: expected 0.0.0.0; on loopback the published ops port answers nobody`);
  }
  checkPublished(modelwatch, name, httpPort, problems);

  const replication = env.get('MODELWATCH_REPLICATION_FACTOR');
  if (replication !== undefined && Number(replication) !== 1) {
    problems.push(`${where}.MODELWATCH_REPLICATION_FACTOR: the stack has one broker, so topics can have one replica, not ${replication}`);
  }
}

function checkSimulator(simulator: Doc, internalBroker: string | undefined, problems: string[]): void {
  const name = SERVICES.simulator;
  const profiles = simulator.profiles;
  if (!Array.isArray(profiles) || !profiles.includes('demo')) {
    problems.push(`services.${name}.profiles: expected [demo], so the simulator only runs when asked for`);
  }
  const command = simulator.command;
  const first = Array.isArray(command) ? command[0] : typeof command === 'string' ? command.split(/\s+/)[0] : undefined;
  if (first !== 'simulate') problems.push(`services.${name}.command: expected the simulate command, got ${JSON.stringify(command)}`);
  checkDependsOn(simulator, [SERVICES.kafka], name, problems);
  checkBrokers(environment(simulator), internalBroker, `services.${name}.environment`, problems);
}

function checkBrokers(env: Map<string, string>, internalBroker: string | undefined, where: string, problems: string[]): void {
  const brokers = (env.get('MODELWATCH_KAFKA_BROKERS') ?? '').split(',').map((b) => b.trim()).filter((b) => b);
  if (internalBroker && (brokers.length === 0 || brokers.some((b) => b !== internalBroker))) {
    problems.push(`${where}.MODELWATCH_KAFKA_BROKERS: expected ${internalBroker}, the broker's listener for the compose network, got ${JSON.stringify(env.get('MODELWATCH_KAFKA_BROKERS'))}`);
  }
}

function checkRegistryUrl(env: Map<string, string>, where: string, problems: string[]): void {
  const registry = url(env.get('MODELWATCH_SCHEMA_REGISTRY_URL'));
  if (!registry || registry.hostname !== SERVICES.registry || Number(registry.port) !== REGISTRY_HTTP_PORT || registry.pathname.replace(/\/+$/, '') !== REGISTRY_CCOMPAT_PATH) {
    problems.push(`${where}.MODELWATCH_SCHEMA_REGISTRY_URL: expected http://${SERVICES.registry}:${REGISTRY_HTTP_PORT}${REGISTRY_CCOMPAT_PATH}, got ${JSON.stringify(env.get('MODELWATCH_SCHEMA_REGISTRY_URL'))}`);
  }
}

function checkPublished(service: Doc, name: string, target: number, problems: string[]): void {
  if (!ports(service).some((p) => p.target === target && p.published !== undefined)) {
    problems.push(`services.${name}.ports: container port ${target} is not published`);
  }
}

/** Checks deploy/Dockerfile: the CLI as entrypoint, the default ports exposed, a non-root user. */
export function checkDockerfile(text: string): string[] {
  const problems: string[] = [];
  const instructions = dockerInstructions(text);
  const froms = instructions.filter((i) => i.keyword === 'FROM');
  if (froms.length < 2) problems.push('Dockerfile: expected a multi-stage build (dependencies in one stage, the runtime image in another)');
  for (const from of froms) {
    if (from.args.split(/\s+/)[0] !== BASE_IMAGE) problems.push(`Dockerfile FROM ${from.args}: expected ${BASE_IMAGE}`);
  }
  const lastFrom = froms.length === 0 ? 0 : instructions.lastIndexOf(froms[froms.length - 1]!);
  const final = instructions.slice(lastFrom);
  const last = (keyword: string) => [...final].reverse().find((i) => i.keyword === keyword);

  const entrypoint = jsonArray(last('ENTRYPOINT')?.args);
  if (JSON.stringify(entrypoint) !== JSON.stringify(CLI_ENTRYPOINT)) {
    problems.push(`Dockerfile ENTRYPOINT: expected ${JSON.stringify(CLI_ENTRYPOINT)}, got ${last('ENTRYPOINT')?.args ?? 'none'}`);
  }
  const cmd = jsonArray(last('CMD')?.args);
  if (JSON.stringify(cmd) !== JSON.stringify(['run', '--targets', 'all'])) {
    problems.push(`Dockerfile CMD: expected ["run", "--targets", "all"], got ${last('CMD')?.args ?? 'none'}`);
  }

  const exposed = new Set(final.filter((i) => i.keyword === 'EXPOSE').flatMap((i) => i.args.split(/\s+/).map((p) => Number(p.split('/')[0]))));
  for (const path of ['http.port', 'sql_endpoint.port']) {
    const port = Number(defaultOf(path));
    if (!exposed.has(port)) problems.push(`Dockerfile EXPOSE: ${port} (the default ${path}) is not exposed`);
  }

  const user = last('USER')?.args.split(':')[0];
  if (!user || user === 'root' || user === '0') problems.push('Dockerfile USER: the runtime stage must switch to a non-root user');

  const healthcheck = last('HEALTHCHECK')?.args ?? '';
  const httpPort = String(defaultOf('http.port'));
  if (!healthcheck.includes('127.0.0.1') || !healthcheck.includes(httpPort) || !healthcheck.includes('/healthz')) {
    problems.push(`Dockerfile HEALTHCHECK: expected a probe of http://127.0.0.1:${httpPort}/healthz`);
  }

  const runs = instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args);
  if (!runs.some((r) => /npm install\b[^&;]*--omit=dev/.test(r))) problems.push('Dockerfile RUN: expected npm install --omit=dev');
  if (runs.some((r) => /npm ci\b/.test(r))) problems.push('Dockerfile RUN: npm ci rejects this lockfile (chDB platform packages); use npm install');

  const copied = final.filter((i) => i.keyword === 'COPY').map((i) => i.args.split(/\s+/).filter((a) => !a.startsWith('--'))[0]?.replace(/\/+$/, ''));
  for (const folder of ['packages', 'services', 'schemas', 'sql']) {
    if (!copied.includes(folder)) problems.push(`Dockerfile COPY: ${folder}/ is not copied into the runtime stage`);
  }
  return problems;
}

/** Lines a root .dockerignore must have, so local state and secrets stay out of the image. */
export function checkDockerignore(text: string): string[] {
  const lines = new Set(text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')));
  const needed: ReadonlyArray<readonly [string, string]> = [
    ['node_modules', '**/node_modules'],
    ['.modelwatch', '**/.modelwatch'],
    ['.git', '.git'],
    ['.env', '.env'],
  ];
  return needed.flatMap(([what, line]) => (lines.has(line) || lines.has(what) ? [] : [`.dockerignore: ${what} is not excluded (add "${line}")`]));
}

// ---- helpers

function record(value: unknown): Doc | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Doc) : undefined;
}

/** A service's environment as name -> text, from either the mapping or the `NAME=value` list form. */
function environment(service: Doc): Map<string, string> {
  const env = new Map<string, string>();
  const raw = service.environment;
  if (Array.isArray(raw)) {
    for (const entry of raw) {
      if (typeof entry !== 'string') continue;
      const eq = entry.indexOf('=');
      if (eq > 0) env.set(entry.slice(0, eq), entry.slice(eq + 1));
    }
  } else {
    for (const [key, value] of Object.entries(record(raw) ?? {})) {
      if (value !== null && value !== undefined) env.set(key, String(value));
    }
  }
  return env;
}

interface PortMapping {
  readonly target: number;
  readonly published?: number;
}

/** `ports:` entries in short (`[ip:]published:target[/proto]`) or long form. */
function ports(service: Doc): PortMapping[] {
  const raw = service.ports;
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((entry): PortMapping[] => {
    if (typeof entry === 'string' || typeof entry === 'number') {
      // The host address may itself be a ${VAR:-default} substitution with colons inside,
      // so the ports are read from the right.
      const parts = String(entry).split('/')[0]!.split(':');
      const target = Number(parts[parts.length - 1]);
      const published = parts.length > 1 ? Number(parts[parts.length - 2]) : undefined;
      return Number.isInteger(target) ? [{ target, ...(published !== undefined && Number.isInteger(published) ? { published } : {}) }] : [];
    }
    const long = record(entry);
    if (!long) return [];
    const target = Number(long.target);
    const published = long.published === undefined ? undefined : Number(long.published);
    return Number.isInteger(target) ? [{ target, ...(published !== undefined && Number.isInteger(published) ? { published } : {}) }] : [];
  });
}

function parseListeners(value: string | undefined): Listener[] {
  if (!value) return [];
  return value.split(',').flatMap((entry) => {
    const match = /^([A-Za-z0-9_]+):\/\/(.*):(\d+)$/.exec(entry.trim());
    return match ? [{ name: match[1]!, host: match[2]!, port: Number(match[3]) }] : [];
  });
}

function url(value: string | undefined): URL | undefined {
  try {
    return value === undefined ? undefined : new URL(value);
  } catch {
    return undefined;
  }
}

/** `${NAME}`, `${NAME:-default}`, `${NAME?error}` and the like, as the whole value. */
function isSubstitution(value: string): boolean {
  return /^\$\{[A-Za-z_][A-Za-z0-9_]*(?:(?::?[-?+])[^}]*)?\}$/.test(value);
}

function defaultOf(path: string): unknown {
  const field = CONFIG_FIELDS.find((f) => f.path === path);
  if (!field) throw new Error(`CONFIG_FIELDS has no ${path}; update test/deploy/compose-checks.ts`);
  return field.default;
}

function* strings(value: unknown): Generator<string> {
  if (typeof value === 'string') {
    yield value;
  } else if (Array.isArray(value)) {
    for (const item of value) yield* strings(item);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      yield key;
      yield* strings(item);
    }
  }
}

interface DockerInstruction {
  readonly keyword: string;
  readonly args: string;
}

/** Dockerfile instructions with continuation lines joined and comments dropped. */
function dockerInstructions(text: string): DockerInstruction[] {
  const instructions: DockerInstruction[] = [];
  let pending = '';
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed.startsWith('#') || (trimmed === '' && pending === '')) continue;
    if (trimmed.endsWith('\\')) {
      pending += `${trimmed.slice(0, -1)} `;
      continue;
    }
    const full = (pending + trimmed).trim();
    pending = '';
    if (full === '') continue;
    const match = /^(\S+)\s*(.*)$/.exec(full);
    if (match) instructions.push({ keyword: match[1]!.toUpperCase(), args: match[2]!.trim() });
  }
  return instructions;
}

function jsonArray(args: string | undefined): unknown {
  if (args === undefined) return undefined;
  try {
    return JSON.parse(args);
  } catch {
    return args;
  }
}
