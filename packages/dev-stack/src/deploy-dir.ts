import { fileURLToPath } from 'node:url';

/**
 * The repository's `deploy/` folder (poms and config templates). Sources run in place with tsx,
 * so it sits three levels above this file: packages/dev-stack/src → deploy.
 */
export function defaultDeployDir(): string {
  return fileURLToPath(new URL('../../../deploy/', import.meta.url));
}
