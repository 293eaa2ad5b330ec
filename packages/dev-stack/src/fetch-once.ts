import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const STAMP = '.modelwatch-fetched';

export interface FetchOnceOptions {
  /** Folder that ends up holding the artifacts. */
  readonly targetDir: string;
  /** Anything that changes what gets fetched (the pom's text): a change refetches. */
  readonly recipe: string;
  /** Fills the given empty folder; only called when the target is missing or stale. */
  readonly fetch: (intoDir: string) => Promise<void>;
}

/**
 * Fetches into a scratch folder and renames it into place, so an interrupted download never
 * looks complete. Returns true when it fetched, false when the cached copy was current.
 */
export async function fetchOnce(options: FetchOnceOptions): Promise<boolean> {
  const digest = createHash('sha256').update(options.recipe).digest('hex');
  const stamp = path.join(options.targetDir, STAMP);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === digest) return false;

  const scratch = `${options.targetDir}.partial-${process.pid}`;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  try {
    await options.fetch(scratch);
    writeFileSync(path.join(scratch, STAMP), `${digest}\n`);
    rmSync(options.targetDir, { recursive: true, force: true });
    renameSync(scratch, options.targetDir);
  } catch (error) {
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
  return true;
}
