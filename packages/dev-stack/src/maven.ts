import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { DevStackError } from './dev-stack-error.ts';
import { logExcerpt } from './log-tail.ts';

/**
 * Runs `mvn -B -ntp -f <pom> <args>`, appending its output to `logFile`. Fails with
 * DevStackError('maven-failed') carrying the log's tail, or saying how to get Maven.
 */
export async function runMaven(pom: string, args: readonly string[], logFile: string): Promise<void> {
  const fd = openSync(logFile, 'a');
  try {
    const exit = await new Promise<number | null>((resolve, reject) => {
      const child = spawn('mvn', ['-B', '-ntp', '-f', pom, ...args], { stdio: ['ignore', fd, fd] });
      child.once('error', reject);
      child.once('exit', (code) => resolve(code));
    });
    if (exit !== 0) {
      throw new DevStackError('maven-failed', `mvn ${args.join(' ')} (-f ${pom}) failed with exit code ${exit}; ${logExcerpt(logFile, 30)}`);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new DevStackError(
        'maven-failed',
        'Maven (mvn) is not on PATH; it downloads the Kafka and registry artifacts from Maven Central once. Install it (e.g. `apt-get install maven`).',
      );
    }
    throw error;
  } finally {
    closeSync(fd);
  }
}

/** A `<properties>` entry of a pom (`kafka.version`), read without an XML parser: the poms are ours and flat. */
export function readPomProperty(pomText: string, name: string): string {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`<${escaped}>\\s*([^<]+?)\\s*</${escaped}>`).exec(pomText);
  if (!match?.[1]) throw new DevStackError('setup-failed', `the pom has no <${name}> property`);
  return match[1];
}
