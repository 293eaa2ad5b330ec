import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as publicSurface from './index.ts';
import { DetectorOptionsError } from './detector-options-error.ts';
import { DETECTORS, createDetector, isDetectorType, restoreDetector } from './registry.ts';

/** A detector class: a static stable name, a static fromJSON, and update on its instances. */
function isDetectorClass(value: unknown): value is { name: string; type: string } {
  return (
    typeof value === 'function' &&
    typeof (value as { type?: unknown }).type === 'string' &&
    typeof (value as { fromJSON?: unknown }).fromJSON === 'function' &&
    typeof (value as { prototype?: { update?: unknown } }).prototype?.update === 'function'
  );
}

describe('detector registry', () => {
  it('registers every detector class defined in this folder, under its own type name', async () => {
    const files = readdirSync(new URL('.', import.meta.url)).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    const classes = new Set<{ name: string; type: string }>();
    for (const file of files) {
      const href = new URL(file, import.meta.url).href;
      const module = (await import(/* @vite-ignore */ href)) as Record<string, unknown>;
      for (const value of Object.values(module)) if (isDetectorClass(value)) classes.add(value);
    }
    expect(classes.size).toBeGreaterThan(0);
    for (const cls of classes) {
      const registered = (DETECTORS as Record<string, unknown>)[cls.type];
      expect(registered, `${cls.name} is not registered: add \`[${cls.name}.type]: ${cls.name},\` to DETECTORS in packages/core/src/detectors/registry.ts`).toBe(cls);
      expect(Object.values(publicSurface), `${cls.name} is not exported: add it to packages/core/src/detectors/index.ts`).toContain(cls);
    }
  });

  it('keeps its names: stored configuration and snapshots refer to them', () => {
    expect(Object.keys(DETECTORS)).toEqual(['ddm', 'eddm', 'adwin', 'page-hinkley']);
    for (const [name, cls] of Object.entries(DETECTORS)) expect(new cls().type).toBe(name);
  });

  it('creates a detector by name with options, and names the known types for an unknown one', () => {
    expect(createDetector('adwin', { delta: 0.01 }).toJSON().options).toMatchObject({ delta: 0.01, clock: 32 });
    expect(isDetectorType('ddm')).toBe(true);
    expect(isDetectorType('toString')).toBe(false);
    expect(() => createDetector('cusum')).toThrow(/unknown detector type; known types: ddm, eddm, adwin, page-hinkley/);
  });

  it('refuses to restore what is not a snapshot', () => {
    for (const bad of [null, 42, {}, { type: 'cusum' }, { type: 'ddm' }]) expect(() => restoreDetector(bad)).toThrow(DetectorOptionsError);
  });
});
