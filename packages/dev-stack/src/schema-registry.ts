import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { defaultDeployDir } from './deploy-dir.ts';
import { DevStackError } from './dev-stack-error.ts';
import { fetchOnce } from './fetch-once.ts';
import { httpGetStatus } from './http-status.ts';
import { findJava } from './java-runtime.ts';
import { runningService, serviceFiles, startService, stopService, type ServiceSpec } from './managed-service.ts';
import { readPomProperty, runMaven } from './maven.ts';

const execFileAsync = promisify(execFile);

const NAME = 'schema-registry';

export interface StartSchemaRegistryOptions {
  /** The stack's folder; the registry lives in `<dataDir>/schema-registry`. */
  readonly dataDir: string;
  /** HTTP port on 127.0.0.1. Default 8081 (the Confluent registry's). */
  readonly port?: number;
  /**
   * `file` (default): schemas persist in an H2 database under `<dataDir>/schema-registry/db`, so
   * the schema ids inside records already in Kafka stay resolvable after a restart.
   * `memory`: Apicurio's default in-memory H2; every restart forgets all schemas.
   */
  readonly storage?: 'file' | 'memory';
  readonly log?: (line: string) => void;
  /** Where the pom is; default the repository's deploy/. */
  readonly deployDir?: string;
  /** How long to wait for the registry once spawned. Default 120 s. */
  readonly startTimeoutMs?: number;
}

export interface SchemaRegistryStarted {
  /** Confluent-compatible base URL for clients: http://127.0.0.1:8081/apis/ccompat/v7 */
  readonly url: string;
  readonly alreadyRunning: boolean;
  readonly pid: number;
  readonly logFile: string;
}

export interface SchemaRegistryStatus {
  readonly running: boolean;
  /** ... and `GET <url>/subjects` answers 200. */
  readonly ready: boolean;
  readonly pid?: number;
  readonly url?: string;
  readonly home: string;
  readonly logFile: string;
}

export interface SchemaRegistryStopped {
  readonly wasRunning: boolean;
  readonly pid?: number;
  readonly forced: boolean;
}

/** The Confluent-compatible API of Apicurio Registry 3.x served on `port`. */
export function schemaRegistryUrl(port: number): string {
  return `http://127.0.0.1:${port}/apis/ccompat/v7`;
}

/**
 * Starts Apicurio Registry (Confluent-compatible API) on 127.0.0.1 from the archive fetched once
 * from Maven Central, unless it already runs; returns when `GET <url>/subjects` answers 200.
 * Layout of `<dataDir>/schema-registry`: app/ (the unpacked server), db/ (H2 files),
 * schema-registry.log (+ .1), schema-registry.pid, schema-registry.json.
 */
export async function startSchemaRegistry(options: StartSchemaRegistryOptions): Promise<SchemaRegistryStarted> {
  const port = options.port ?? 8081;
  const log = options.log ?? (() => {});
  const deployDir = path.join(options.deployDir ?? defaultDeployDir(), 'schema-registry');
  const home = registryHome(options.dataDir);
  const pomFile = path.join(deployDir, 'pom.xml');
  const pom = readFileSync(pomFile, 'utf8');
  const title = `Apicurio Registry ${readPomProperty(pom, 'apicurio.version')}`;
  const url = schemaRegistryUrl(port);
  const files = serviceFiles(home, NAME);

  const spec: ServiceSpec = {
    name: NAME,
    title,
    home,
    ports: [port],
    startTimeoutMs: options.startTimeoutMs ?? 120_000,
    prepare: async (marker) => {
      const java = await findJava({ minMajor: Number(readPomProperty(pom, 'runtime.java.min')), purpose: title });
      const appDir = path.join(home, 'app');
      await fetchOnce({
        targetDir: appDir,
        recipe: pom,
        fetch: async (into) => {
          log(`${title}: fetching the server (~110 MB) from Maven Central into ${appDir} (first start only)`);
          const download = path.join(into, 'download');
          await runMaven(pomFile, ['dependency:copy', `-DoutputDirectory=${download}`], path.join(home, 'mvn.log'));
          for (const archive of readdirSync(download).filter((f) => f.endsWith('.tar.gz'))) {
            await execFileAsync('tar', ['-xzf', path.join(download, archive), '-C', into]);
          }
          rmSync(download, { recursive: true, force: true });
        },
      });

      const storage =
        (options.storage ?? 'file') === 'file'
          ? [`-Dapicurio.datasource.url=jdbc:h2:file:${path.join(home, 'db', 'registry')}`]
          : []; // Apicurio's default: jdbc:h2:mem (schemas are lost on every restart)
      return {
        command: java.command,
        args: [
          '-Xms64m',
          '-Xmx512m',
          // C1 only and the serial collector: on a busy 2-core machine the registry answers in
          // ~7-8 s instead of 13-30 s (measured); clients cache schemas, so its peak speed hardly matters.
          '-XX:TieredStopAtLevel=1',
          '-XX:+UseSerialGC',
          `-D${marker}`,
          '-Dquarkus.http.host=127.0.0.1',
          `-Dquarkus.http.port=${port}`,
          // 3.0.x has no management interface; 3.1+ binds one to 0.0.0.0:9000 (build-time enabled).
          '-Dquarkus.management.host=127.0.0.1',
          ...storage,
          // Apicurio keeps 20 idle connections by default; one developer needs far fewer.
          '-Dapicurio.datasource.jdbc.initial-size=2',
          '-Dapicurio.datasource.jdbc.min-size=2',
          '-Dapicurio.datasource.jdbc.max-size=20',
          // Tests delete their subjects; Apicurio forbids deletes unless enabled.
          '-Dapicurio.rest.deletion.group.enabled=true',
          '-Dapicurio.rest.deletion.artifact.enabled=true',
          '-Dapicurio.rest.deletion.artifact-version.enabled=true',
          '-jar',
          launcherJar(appDir),
        ],
      };
    },
    isReady: async () => (await httpGetStatus(`${url}/subjects`)) === 200,
  };

  const started = await startService(spec, log);
  return { url, alreadyRunning: started.alreadyRunning, pid: started.pid, logFile: files.logFile };
}

export async function stopSchemaRegistry(options: { readonly dataDir: string; readonly timeoutMs?: number }): Promise<SchemaRegistryStopped> {
  return stopService(registryHome(options.dataDir), NAME, options.timeoutMs ?? 30_000);
}

export async function schemaRegistryStatus(options: { readonly dataDir: string }): Promise<SchemaRegistryStatus> {
  const home = registryHome(options.dataDir);
  const { logFile } = serviceFiles(home, NAME);
  const running = runningService(home, NAME);
  if (!running) return { running: false, ready: false, home, logFile };
  const port = running.ports[0];
  const url = port === undefined ? undefined : schemaRegistryUrl(port);
  const ready = url !== undefined && (await httpGetStatus(`${url}/subjects`)) === 200;
  return { running: true, ready, pid: running.pid, ...(url !== undefined ? { url } : {}), home, logFile };
}

/** Quarkus fast-jar layout (3.1+) has quarkus-run.jar; the legacy layout (3.0.x) *-runner.jar. */
function launcherJar(appDir: string): string {
  const entries = readdirSync(appDir);
  const jar = entries.find((f) => f === 'quarkus-run.jar') ?? entries.find((f) => f.endsWith('-runner.jar'));
  if (!jar) throw new DevStackError('setup-failed', `no quarkus-run.jar or *-runner.jar in ${appDir}; delete the folder to fetch it again`);
  return path.join(appDir, jar);
}

function registryHome(dataDir: string): string {
  return path.join(path.resolve(dataDir), NAME);
}
