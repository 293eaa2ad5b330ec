import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isLoopback, readCredentials, UserDirectory } from './authenticate.ts';

const hash = (p: string) => createHash('sha256').update(p).digest('hex');
const params = (q = '') => new URLSearchParams(q);
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('readCredentials', () => {
  it('reads headers, basic auth and URL parameters', () => {
    expect(readCredentials({ 'x-clickhouse-user': 'a', 'x-clickhouse-key': 'k' }, params())).toEqual({ user: 'a', password: 'k' });
    expect(readCredentials({ authorization: basic('b', 'p:w') }, params())).toEqual({ user: 'b', password: 'p:w' });
    expect(readCredentials({}, params('user=c&password=x'))).toEqual({ user: 'c', password: 'x' });
    expect(readCredentials({}, params())).toEqual({ user: 'default', password: '' });
  });

  it('refuses mixed schemes and other Authorization schemes', () => {
    expect(() => readCredentials({ authorization: basic('b', 'p'), 'x-clickhouse-user': 'a' }, params())).toThrow(/simultaneously/);
    expect(() => readCredentials({ authorization: basic('b', 'p') }, params('user=c'))).toThrow(/simultaneously/);
    expect(() => readCredentials({ authorization: 'Bearer abc' }, params())).toThrow(/'Bearer' HTTP Authorization scheme is not supported/);
    expect(readCredentials({ authorization: 'Basic' }, params())).toEqual({ user: '', password: '' });
  });
});

describe('UserDirectory', () => {
  const users = new UserDirectory([
    { name: 'analyst', passwordSha256: hash('s3cret'), readonly: true },
    { name: 'writer', passwordSha256: hash('w'), readonly: false },
    { name: 'nopass', readonly: true },
  ]);

  it('accepts configured users with the right password', () => {
    expect(users.authenticate({ user: 'analyst', password: 's3cret' }, '10.0.0.1')).toEqual({ name: 'analyst', readonly: true });
    expect(users.authenticate({ user: 'writer', password: 'w' }, '10.0.0.1')).toEqual({ name: 'writer', readonly: false });
    expect(users.authenticate({ user: 'nopass', password: '' }, '10.0.0.1')).toEqual({ name: 'nopass', readonly: true });
  });

  it('refuses a wrong password or an unknown user with 516, without echoing the password', () => {
    for (const credentials of [
      { user: 'analyst', password: 'wrong-pw' },
      { user: 'ghost', password: 'wrong-pw' },
      { user: 'default', password: '' },
      { user: 'nopass', password: 'wrong-pw' },
    ]) {
      let error: unknown;
      try {
        users.authenticate(credentials, '127.0.0.1');
      } catch (e) {
        error = e;
      }
      expect(error).toMatchObject({ code: 516, type: 'AUTHENTICATION_FAILED', httpStatus: 403 });
      expect((error as Error).message).not.toContain('wrong-pw');
    }
  });

  it('without configured users, lets default in from loopback only', () => {
    const fresh = new UserDirectory([]);
    expect(fresh.authenticate({ user: 'default', password: '' }, '127.0.0.1')).toEqual({ name: 'default', readonly: false });
    expect(fresh.authenticate({ user: 'default', password: '' }, '::ffff:127.0.0.1').name).toBe('default');
    expect(fresh.authenticate({ user: 'default', password: '' }, '::1').name).toBe('default');
    expect(() => fresh.authenticate({ user: 'default', password: '' }, '192.168.1.4')).toThrow(/Authentication failed/);
    expect(() => fresh.authenticate({ user: 'default', password: 'x' }, '127.0.0.1')).toThrow(/Authentication failed/);
    expect(() => fresh.authenticate({ user: 'admin', password: '' }, '127.0.0.1')).toThrow(/Authentication failed/);
  });

  it('checks the configured hashes', () => {
    expect(() => new UserDirectory([{ name: 'x', passwordSha256: 'nothex', readonly: true }])).toThrow(/64 hex digits/);
    expect(isLoopback('127.8.9.10')).toBe(true);
    expect(isLoopback('128.0.0.1')).toBe(false);
  });
});
