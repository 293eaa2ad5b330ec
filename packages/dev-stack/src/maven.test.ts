import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDeployDir } from './deploy-dir.ts';
import { readPomProperty } from './maven.ts';

describe('readPomProperty', () => {
  it('reads the pinned versions of the deploy poms', () => {
    const kafkaPom = readFileSync(path.join(defaultDeployDir(), 'kafka', 'pom.xml'), 'utf8');
    expect(readPomProperty(kafkaPom, 'kafka.version')).toMatch(/^\d+\.\d+\.\d+$/);
    expect(Number(readPomProperty(kafkaPom, 'runtime.java.min'))).toBeGreaterThanOrEqual(17);
    const registryPom = readFileSync(path.join(defaultDeployDir(), 'schema-registry', 'pom.xml'), 'utf8');
    expect(readPomProperty(registryPom, 'apicurio.version')).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('fails clearly for a missing property', () => {
    expect(() => readPomProperty('<properties/>', 'kafka.version')).toThrow(/no <kafka.version> property/);
  });
});
