import { describe, expect, it } from 'vitest';
import { registryEndpoint } from './registry-endpoint.ts';

describe('registryEndpoint', () => {
  it('keeps a plain URL, without its trailing slash', () => {
    expect(registryEndpoint('http://127.0.0.1:8081/apis/ccompat/v7/')).toEqual({ url: 'http://127.0.0.1:8081/apis/ccompat/v7' });
  });

  it('takes credentials out of the URL', () => {
    expect(registryEndpoint('https://svc:p%40ss@registry.example/apis/ccompat/v7')).toEqual({
      url: 'https://registry.example/apis/ccompat/v7',
      auth: { username: 'svc', password: 'p@ss' },
    });
  });

  it('refuses what is not an http URL, without echoing it', () => {
    expect(() => registryEndpoint('registry:8081')).toThrow(/http or https/);
    expect(() => registryEndpoint('not a url with secret')).toThrow(/not a URL/);
    expect(() => registryEndpoint('not a url with secret')).not.toThrow(/secret/);
  });
});
