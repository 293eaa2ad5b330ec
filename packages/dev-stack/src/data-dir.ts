import path from 'node:path';

/**
 * The folder holding the local stack's files: `MODELWATCH_DATA_DIR` (the `data_dir` setting),
 * else `.modelwatch`, resolved against `cwd` when relative.
 */
export function resolveDataDir(env: Readonly<Record<string, string | undefined>>, cwd: string): string {
  const configured = env['MODELWATCH_DATA_DIR'];
  return path.resolve(cwd, configured !== undefined && configured !== '' ? configured : '.modelwatch');
}
