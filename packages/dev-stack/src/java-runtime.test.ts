import { describe, expect, it } from 'vitest';
import { DevStackError } from './dev-stack-error.ts';
import { findJava, parseJavaMajorVersion } from './java-runtime.ts';

describe('parseJavaMajorVersion', () => {
  it('reads modern and legacy version strings', () => {
    expect(parseJavaMajorVersion('openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime')).toBe(17);
    expect(parseJavaMajorVersion('openjdk version "25" 2025-09-16')).toBe(25);
    expect(parseJavaMajorVersion('java version "1.8.0_392"')).toBe(8);
    expect(parseJavaMajorVersion('openjdk version "21-ea" 2023-09-19')).toBe(21);
    expect(parseJavaMajorVersion('command not found')).toBeUndefined();
  });
});

describe('findJava', () => {
  it('finds the Java 17 every modelwatch machine has', async () => {
    const java = await findJava({ minMajor: 17, purpose: 'test' });
    expect(java.major).toBeGreaterThanOrEqual(17);
  });

  it('names what it found when nothing is new enough', async () => {
    const error = await findJava({ minMajor: 999, purpose: 'Time machine 1.0' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DevStackError);
    expect((error as DevStackError).code).toBe('java-missing');
    expect((error as DevStackError).message).toMatch(/Time machine 1\.0 needs Java 999 or newer, but found .*Java \d+/);
  });

  it('ignores a JAVA_HOME that holds no java', async () => {
    const java = await findJava({ minMajor: 17, purpose: 'test', env: { ...process.env, JAVA_HOME: '/nonexistent' } });
    expect(java.major).toBeGreaterThanOrEqual(17);
  });
});
