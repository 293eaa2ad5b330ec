/**
 * True when opening the embedded warehouse failed because another process owns its data
 * directory (chDB allows one process per directory). chDB words this differently by version and
 * path: a lock failure, or a connection it could not create.
 */
export function isWarehouseBusy(error: unknown): boolean {
  const messages: string[] = [];
  for (let e: unknown = error; e instanceof Error && messages.length < 5; e = (e as { cause?: unknown }).cause) messages.push(e.message);
  return /Cannot lock file|only one active data directory|Failed to create connection/.test(messages.join('\n'));
}
