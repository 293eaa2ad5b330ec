import { execFile } from 'node:child_process';
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { DevStackError } from './dev-stack-error.ts';

const execFileAsync = promisify(execFile);

export interface JavaRuntime {
  /** Absolute path of the `java` launcher, or `java` when it came from PATH. */
  readonly command: string;
  /** Feature release: 17, 21, 25 (8 for "1.8.0_x"). */
  readonly major: number;
}

/** The feature release in `java -version` output (`openjdk version "17.0.15"`, `"1.8.0_392"`, `"25"`). */
export function parseJavaMajorVersion(versionOutput: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?[^"]*"/.exec(versionOutput);
  if (!match) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] !== undefined ? Number(match[2]) : first;
}

export interface FindJavaOptions {
  /** Oldest acceptable feature release. */
  readonly minMajor: number;
  /** What needs it, for the error message: `Apicurio Registry 3.0.9`. */
  readonly purpose: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Folders whose subfolders are JDKs; default /usr/lib/jvm and the macOS location. */
  readonly jvmDirs?: readonly string[];
}

const DEFAULT_JVM_DIRS = ['/usr/lib/jvm', '/Library/Java/JavaVirtualMachines'];

/**
 * Finds a Java launcher of at least `minMajor`: JAVA_HOME first, then `java` on PATH, then every
 * JDK installed under /usr/lib/jvm (oldest suitable first). Throws DevStackError('java-missing')
 * naming what was found when none fits.
 */
export async function findJava(options: FindJavaOptions): Promise<JavaRuntime> {
  const env = options.env ?? process.env;
  const candidates: { command: string; installed: boolean }[] = [];
  const javaHome = env['JAVA_HOME'];
  if (javaHome) candidates.push({ command: path.join(javaHome, 'bin', 'java'), installed: false });
  candidates.push({ command: 'java', installed: false });
  for (const dir of options.jvmDirs ?? DEFAULT_JVM_DIRS) {
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir).sort()) {
      for (const launcher of [path.join(dir, entry, 'bin', 'java'), path.join(dir, entry, 'Contents', 'Home', 'bin', 'java')]) {
        // /usr/lib/jvm holds aliases (java-17-openjdk-amd64, openjdk-17, ...) of one JDK.
        const real = existsSync(launcher) ? realpathSync(launcher) : undefined;
        if (real && !candidates.some((c) => c.command === real)) candidates.push({ command: real, installed: true });
      }
    }
  }

  const found: (JavaRuntime & { installed: boolean })[] = [];
  for (const candidate of candidates) {
    const major = await javaMajorVersion(candidate.command, env);
    if (major === undefined) continue;
    // JAVA_HOME and PATH win when they fit; else the oldest suitable installed JDK.
    if (!candidate.installed && major >= options.minMajor) return { command: candidate.command, major };
    found.push({ ...candidate, major });
  }
  const chosen = found.filter((java) => java.major >= options.minMajor).sort((a, b) => a.major - b.major)[0];
  if (chosen) return { command: chosen.command, major: chosen.major };

  const seen = found.length > 0 ? found.map((java) => `${java.command} (Java ${java.major})`).join(', ') : 'no java at all';
  throw new DevStackError(
    'java-missing',
    `${options.purpose} needs Java ${options.minMajor} or newer, but found ${seen}. ` +
      `Install a JDK ${options.minMajor}+ (e.g. \`apt-get install openjdk-${options.minMajor}-jre-headless\`) ` +
      `or point JAVA_HOME at one.`,
  );
}

async function javaMajorVersion(command: string, env: Readonly<Record<string, string | undefined>>): Promise<number | undefined> {
  try {
    const { stdout, stderr } = await execFileAsync(command, ['-version'], { timeout: 15_000, env: { ...env } as NodeJS.ProcessEnv });
    return parseJavaMajorVersion(`${stderr}\n${stdout}`);
  } catch {
    return undefined;
  }
}
