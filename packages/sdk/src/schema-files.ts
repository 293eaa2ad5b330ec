import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { EventKind } from './event-kind.ts';

/** The repository's schemas/ folder, which holds the Avro contracts. */
export const SCHEMAS_DIR = fileURLToPath(new URL('../../../schemas/', import.meta.url));

const FILES: Record<EventKind, string> = {
  inference: 'inference-event.avsc',
  'ground-truth': 'ground-truth-event.avsc',
};

/** The text of an event kind's Avro schema, as registered under `<topic>-value`. */
export function readEventSchema(kind: EventKind, dir: string = SCHEMAS_DIR): string {
  return readFileSync(new URL(FILES[kind], `file://${dir.endsWith('/') ? dir : `${dir}/`}`), 'utf8');
}
