import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** Modules the pure core must not import: I/O lives at the edges, in the other packages. */
const FORBIDDEN = /from '(node:)?(fs|fs\/promises|http|https|net|dgram|child_process|worker_threads)'|from '(kafkajs|avsc|@clickhouse\/client|chdb|@kafkajs\/[^']+|@modelwatch\/(?!core)[^']+)'/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.startsWith('test-') ? [path] : [];
  });
}

describe('the core package', () => {
  it('imports no Kafka, ClickHouse, HTTP, file system or other modelwatch package', () => {
    const root = fileURLToPath(new URL('.', import.meta.url));
    const offenders = sources(root).flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => FORBIDDEN.test(line))
        .map((line) => `${file.slice(root.length)}: ${line.trim()}`),
    );
    expect(offenders).toEqual([]);
    expect(sources(root).length).toBeGreaterThan(50);
  });
});
