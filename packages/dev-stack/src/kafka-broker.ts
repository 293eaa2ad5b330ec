import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { defaultDeployDir } from './deploy-dir.ts';
import { DevStackError } from './dev-stack-error.ts';
import { fetchOnce } from './fetch-once.ts';
import { findJava } from './java-runtime.ts';
import { isPortOpen } from './port-check.ts';
import { runningService, serviceFiles, startService, stopService, type ServiceSpec } from './managed-service.ts';
import { readPomProperty, runMaven } from './maven.ts';
import { renderTemplate } from './render-template.ts';

const execFileAsync = promisify(execFile);

const NAME = 'kafka';
/** `KafkaBroker.STARTED_MESSAGE`, logged by KafkaRaftServer once the broker serves. */
const STARTED_MESSAGE = 'Kafka Server started';

export interface StartKafkaOptions {
  /** The stack's folder; Kafka lives in `<dataDir>/kafka`. */
  readonly dataDir: string;
  /** Client port on 127.0.0.1. Default 9092. */
  readonly port?: number;
  /** KRaft controller port on 127.0.0.1. Default 9093. */
  readonly controllerPort?: number;
  /** Progress messages (first-run download, formatting, waiting). */
  readonly log?: (line: string) => void;
  /** Where the pom and config templates are; default the repository's deploy/. */
  readonly deployDir?: string;
  /** How long to wait for the broker once spawned. Default 90 s. */
  readonly startTimeoutMs?: number;
}

export interface KafkaStarted {
  /** Bootstrap servers for clients: ['127.0.0.1:9092']. */
  readonly brokers: string[];
  /** True when it was running already (nothing was started). */
  readonly alreadyRunning: boolean;
  readonly pid: number;
  readonly logFile: string;
}

export interface KafkaStatus {
  /** Our broker process is alive. */
  readonly running: boolean;
  /** ... and its client port accepts connections. */
  readonly ready: boolean;
  readonly pid?: number;
  readonly brokers?: string[];
  readonly home: string;
  readonly logFile: string;
}

export interface KafkaStopped {
  readonly wasRunning: boolean;
  readonly pid?: number;
  readonly forced: boolean;
}

/**
 * Starts a single-node Kafka (KRaft, broker and controller in one JVM) on 127.0.0.1 from jars
 * fetched once from Maven Central, unless it already runs; returns when it serves clients.
 * Layout of `<dataDir>/kafka`: lib/ (jars), data/ (log.dirs, formatted once), server.properties,
 * log4j2.properties, kafka.log (+ kafka.log.1 from the previous start), kafka.pid, kafka.json.
 */
export async function startKafka(options: StartKafkaOptions): Promise<KafkaStarted> {
  const port = options.port ?? 9092;
  const controllerPort = options.controllerPort ?? 9093;
  const log = options.log ?? (() => {});
  const deployDir = path.join(options.deployDir ?? defaultDeployDir(), 'kafka');
  const home = kafkaHome(options.dataDir);
  const pomFile = path.join(deployDir, 'pom.xml');
  const pom = readFileSync(pomFile, 'utf8');
  const version = readPomProperty(pom, 'kafka.version');
  const title = `Kafka ${version}`;
  const files = serviceFiles(home, NAME);

  const spec: ServiceSpec = {
    name: NAME,
    title,
    home,
    ports: [port, controllerPort],
    startTimeoutMs: options.startTimeoutMs ?? 90_000,
    prepare: async (marker) => {
      const java = await findJava({ minMajor: Number(readPomProperty(pom, 'runtime.java.min')), purpose: title });
      const lib = path.join(home, 'lib');
      const fetched = await fetchOnce({
        targetDir: lib,
        recipe: pom,
        fetch: async (into) => {
          log(`${title}: fetching the broker jars from Maven Central into ${lib} (first start only; about a minute)`);
          await runMaven(pomFile, ['dependency:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${into}`], path.join(home, 'mvn.log'));
        },
      });
      if (fetched) log(`${title}: jars ready`);

      const dataDir = path.join(home, 'data');
      const serverProperties = path.join(home, 'server.properties');
      const log4j = path.join(home, 'log4j2.properties');
      // Copies, so a running broker does not depend on the checkout it was started from.
      copyFileSync(path.join(deployDir, 'log4j2.properties'), log4j);
      writeFileSync(serverProperties, renderServerProperties(deployDir, { port, controllerPort, logDirs: dataDir }));

      const classpath = `${lib}${path.sep}*`;
      const toolArgs = ['-Xmx256m', '-XX:TieredStopAtLevel=1', `-Dlog4j2.configurationFile=${log4j}`, '-cp', classpath, 'kafka.tools.StorageTool'];
      if (!existsSync(path.join(dataDir, 'meta.properties'))) {
        log(`${title}: formatting ${dataDir}`);
        mkdirSync(dataDir, { recursive: true });
        try {
          await execFileAsync(java.command, [...toolArgs, 'format', '-t', randomClusterId(), '-c', serverProperties, '--ignore-formatted']);
        } catch (error) {
          const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
          throw new DevStackError('setup-failed', `formatting the Kafka storage in ${dataDir} failed: ${(error as Error).message}\n${stdout}${stderr}`, { cause: error });
        }
      }

      return {
        command: java.command,
        args: [
          '-Xms256m',
          '-Xmx768m',
          '-XX:+UseG1GC',
          '-XX:MaxGCPauseMillis=20',
          '-XX:InitiatingHeapOccupancyPercent=35',
          '-XX:+ExplicitGCInvokesConcurrent',
          '-Djava.awt.headless=true',
          `-D${marker}`,
          `-Dlog4j2.configurationFile=${log4j}`,
          `-Dkafka.logs.dir=${path.join(home, 'logs')}`,
          '-cp',
          classpath,
          'kafka.Kafka',
          serverProperties,
        ],
      };
    },
    isReady: async () => (await isPortOpen(port)) && logSays(files.logFile, STARTED_MESSAGE),
  };

  const started = await startService(spec, log);
  return { brokers: [`127.0.0.1:${port}`], alreadyRunning: started.alreadyRunning, pid: started.pid, logFile: files.logFile };
}

/** Stops the broker started from `dataDir` (SIGTERM: a clean shutdown; SIGKILL after `timeoutMs`). */
export async function stopKafka(options: { readonly dataDir: string; readonly timeoutMs?: number }): Promise<KafkaStopped> {
  return stopService(kafkaHome(options.dataDir), NAME, options.timeoutMs ?? 60_000);
}

export async function kafkaStatus(options: { readonly dataDir: string }): Promise<KafkaStatus> {
  const home = kafkaHome(options.dataDir);
  const { logFile } = serviceFiles(home, NAME);
  const running = runningService(home, NAME);
  if (!running) return { running: false, ready: false, home, logFile };
  const port = running.ports[0];
  const ready = port !== undefined && (await isPortOpen(port));
  return { running: true, ready, pid: running.pid, ...(port !== undefined ? { brokers: [`127.0.0.1:${port}`] } : {}), home, logFile };
}

/** deploy/kafka/server.properties.template with the ports and the data folder filled in. */
export function renderServerProperties(kafkaDeployDir: string, values: { port: number; controllerPort: number; logDirs: string }): string {
  const template = readFileSync(path.join(kafkaDeployDir, 'server.properties.template'), 'utf8');
  return renderTemplate(template, values);
}

/**
 * What `StorageTool random-uuid` prints, without a second JVM start: Kafka's Uuid is 16 random
 * bytes in URL-safe base64 (22 characters); Kafka avoids ids starting with '-' (they read like a
 * command-line flag) and the reserved all-zero / 0…01 ids, which random bytes practically never hit.
 */
export function randomClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

function kafkaHome(dataDir: string): string {
  return path.join(path.resolve(dataDir), NAME);
}

function logSays(logFile: string, text: string): boolean {
  try {
    return readFileSync(logFile, 'utf8').includes(text);
  } catch {
    return false;
  }
}
