import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.ts';
import { loadConfig } from './load-config.ts';

function problems(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('starts from defaults', () => {
    const config = loadConfig();
    expect(config.kafka.brokers).toEqual(['127.0.0.1:9092']);
    expect(config.kafka.topicPrefix).toBe('modelwatch.');
    expect(config.clickhouse.url).toBeUndefined();
    expect(config.dataDir).toBe('.modelwatch');
    expect(config.targets).toEqual(['all']);
    expect(config.sqlEndpoint).toEqual({ host: '127.0.0.1', port: 8123, users: [] });
  });

  it('lets the file override defaults and the environment override the file', () => {
    const config = loadConfig({
      file: { kafka: { brokers: ['a:1', 'b:2'], topic_prefix: 'file.' }, http: { port: 9000 } },
      env: { MODELWATCH_TOPIC_PREFIX: 'env.', MODELWATCH_HTTP_PORT: '9100', PATH: '/bin' },
    });
    expect(config.kafka.brokers).toEqual(['a:1', 'b:2']);
    expect(config.kafka.topicPrefix).toBe('env.');
    expect(config.http.port).toBe(9100);
  });

  it('reads comma lists and URLs from the environment', () => {
    const config = loadConfig({ env: { MODELWATCH_KAFKA_BROKERS: 'x:1, y:2', MODELWATCH_CLICKHOUSE_URL: 'http://ch:8123/', MODELWATCH_TARGETS: 'ingest' } });
    expect(config.kafka.brokers).toEqual(['x:1', 'y:2']);
    expect(config.clickhouse.url).toBe('http://ch:8123');
    expect(config.targets).toEqual(['ingest']);
  });

  it('reports every problem at once, each naming the fix', () => {
    const found = problems(() =>
      loadConfig({
        file: { kafka: { brokres: ['a'] }, http: 'x', sql_endpoint: { users: [{ name: 'ana', password_sha256: 'nothex' }] } },
        fileName: 'mw.yaml',
        env: { MODELWATCH_HTTP_PORT: '70000', MODELWATCH_CLICKHOUSE_URL: 'ftp://x', MODELWATCH_LOG_LEVEL: 'loud', MODELWATCH_TOPIK_PREFIX: 'x' },
      }),
    );
    expect(found).toHaveLength(7);
    expect(found).toContain('mw.yaml: unknown key "kafka.brokres"; did you mean "kafka.brokers"?');
    expect(found.some((p) => p.startsWith('mw.yaml: "http" must be a mapping'))).toBe(true);
    expect(found).toContain('http.port (MODELWATCH_HTTP_PORT): 70000 is outside 0 to 65535');
    expect(found.some((p) => p.includes('clickhouse.url (MODELWATCH_CLICKHOUSE_URL): expected an http:// or https:// URL'))).toBe(true);
    expect(found).toContain('log.level (MODELWATCH_LOG_LEVEL): expected one of debug, info, warn, error, got "loud"');
    expect(found.some((p) => p.startsWith('MODELWATCH_TOPIK_PREFIX: unknown setting') && p.includes('MODELWATCH_TOPIC_PREFIX'))).toBe(true);
    expect(found.some((p) => p.includes('password_sha256: expected 64 lowercase hex digits'))).toBe(true);
  });

  it('never prints a secret in an error', () => {
    const found = problems(() => loadConfig({ file: { clickhouse: { password: 987654321 } } }));
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('clickhouse.password');
    expect(found[0]).not.toContain('987654321');
  });

  it('parses SQL endpoint users, read-only unless said otherwise', () => {
    const hash = 'a'.repeat(64);
    const config = loadConfig({ file: { sql_endpoint: { users: [{ name: 'analyst', password_sha256: hash }, { name: 'admin', password_sha256: hash, readonly: false }] } } });
    expect(config.sqlEndpoint.users).toEqual([
      { name: 'analyst', passwordSha256: hash, readonly: true },
      { name: 'admin', passwordSha256: hash, readonly: false },
    ]);
  });
});

describe('loadConfig consumer group prefix', () => {
  const groupPrefix = (sources: Parameters<typeof loadConfig>[0]) => loadConfig(sources).kafka.groupPrefix;

  it('keeps the group ids of the default topic prefix (modelwatch-ingest, ...)', () => {
    expect(groupPrefix({})).toBe('modelwatch-');
    expect(groupPrefix({ env: { MODELWATCH_TOPIC_PREFIX: 'modelwatch.' } })).toBe('modelwatch-');
  });

  it('gives instances with different topic prefixes and no group prefix different groups', () => {
    const prefixes = ['modelwatch.', 'staging.', 'prod.eu.', 'modelwatch-', 'team_a', ''];
    const groups = prefixes.map((p) => groupPrefix({ env: { MODELWATCH_TOPIC_PREFIX: p } }));
    expect(groups.slice(1, 4)).toEqual(['staging-', 'prod.eu-', 'modelwatch.']);
    expect(new Set(groups).size).toBe(prefixes.length - 1); // '' in the environment means unset: the default topic prefix
    expect(groupPrefix({ file: { kafka: { topic_prefix: 'a.' } } })).not.toBe(groupPrefix({ file: { kafka: { topic_prefix: 'a-' } } }));
  });

  it('uses a group prefix that is set, from the file or the environment', () => {
    expect(groupPrefix({ env: { MODELWATCH_TOPIC_PREFIX: 'staging.', MODELWATCH_GROUP_PREFIX: 'shared-' } })).toBe('shared-');
    expect(groupPrefix({ file: { kafka: { topic_prefix: 'staging.', group_prefix: 'modelwatch-' } } })).toBe('modelwatch-');
    expect(groupPrefix({ file: { kafka: { group_prefix: '' } } })).toBe('');
  });
});

describe('loadConfig with credentials in a URL', () => {
  it('does not echo them', () => {
    const found = problems(() => loadConfig({ env: { MODELWATCH_CLICKHOUSE_URL: 'ftp://admin:s3cret@ch:8123' } }));
    expect(found[0]).toContain('ftp://***@ch:8123');
    expect(found[0]).not.toContain('s3cret');
  });
});

describe('loadConfig metrics settings', () => {
  it('reads defaults, the environment and per-model overrides', () => {
    const config = loadConfig({
      env: { MODELWATCH_METRICS_DRIFT_FDR: '0.1', MODELWATCH_METRICS_WINDOW_MS: '300000' },
      file: { metrics: { models: [{ model: 'fraud', numeric_drift_method: 'psi', min_sample_size: 200 }] } },
    });
    expect(config.metrics.windowMs).toBe(300_000);
    expect(config.metrics.driftFdr).toBe(0.1);
    expect(config.metrics.numericDriftMethod).toBe('ks');
    expect(config.metrics.models).toEqual([{ model: 'fraud', numericDriftMethod: 'psi', minSampleSize: 200 }]);
  });

  it('names every bad override with its fix', () => {
    const found = problems(() =>
      loadConfig({ env: { MODELWATCH_METRICS_DRIFT_FDR: '2' }, file: { metrics: { models: [{ model: 'm', numeric_drift_method: 'chi_square', color: 1 }, 'x'] } } }),
    );
    expect(found.join('\n')).toMatch(/metrics\.drift_fdr .*between 0 and 1/);
    expect(found.join('\n')).toMatch(/metrics\.models\[0\]\.numeric_drift_method must be one of ks, psi/);
    expect(found.join('\n')).toMatch(/metrics\.models\[0\]: unknown key "color"/);
    expect(found.join('\n')).toMatch(/metrics\.models\[1\] must be a mapping/);
  });
});
