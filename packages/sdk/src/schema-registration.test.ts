import { describe, expect, it } from 'vitest';
import { registerSchema } from './schema-registration.ts';
import { SchemaRegistryError } from './sdk-errors.ts';

function fakeFetch(respond: (url: string, init: RequestInit) => Response | Promise<Response>) {
  const seen: { url: string; init: RequestInit }[] = [];
  const impl = (async (url: string | URL | Request, init?: RequestInit) => {
    seen.push({ url: String(url), init: init ?? {} });
    return respond(String(url), init ?? {});
  }) as typeof fetch;
  return { impl, seen };
}

async function failure(promise: Promise<unknown>): Promise<SchemaRegistryError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SchemaRegistryError);
  return error as SchemaRegistryError;
}

describe('registerSchema', () => {
  it('posts the schema under the subject and returns the id', async () => {
    const { impl, seen } = fakeFetch(() => new Response(JSON.stringify({ id: 7 }), { status: 200 }));
    await expect(registerSchema('http://reg:8081/apis/ccompat/v7/', 'mw.inference-value', '{"type":"record"}', impl)).resolves.toBe(7);
    expect(seen[0]!.url).toBe('http://reg:8081/apis/ccompat/v7/subjects/mw.inference-value/versions');
    expect(JSON.parse(String(seen[0]!.init.body))).toEqual({ schema: '{"type":"record"}' });
  });

  it('sends credentials from the URL as basic auth and never shows them', async () => {
    const { impl, seen } = fakeFetch(() => {
      throw new TypeError('fetch failed');
    });
    const error = await failure(registerSchema('http://svc:hunter2@reg:8081', 's', '{}', impl));
    expect((seen[0]!.init.headers as Record<string, string>)['authorization']).toBe(`Basic ${Buffer.from('svc:hunter2').toString('base64')}`);
    expect(seen[0]!.url).toBe('http://reg:8081/subjects/s/versions');
    expect(error.message).not.toContain('hunter2');
    expect(error.retriable).toBe(true);
  });

  it('says an incompatible or invalid schema is not retriable, a 5xx is', async () => {
    const conflict = fakeFetch(() => new Response('{"error_code":409,"message":"incompatible"}', { status: 409 }));
    expect((await failure(registerSchema('http://reg', 's', '{}', conflict.impl))).retriable).toBe(false);
    const down = fakeFetch(() => new Response('busy', { status: 503 }));
    const error = await failure(registerSchema('http://reg', 's', '{}', down.impl));
    expect(error.retriable).toBe(true);
    expect(error.message).toContain('HTTP 503');
  });

  it('refuses an answer without an id', async () => {
    const { impl } = fakeFetch(() => new Response('{}', { status: 200 }));
    expect((await failure(registerSchema('http://reg', 's', '{}', impl))).message).toMatch(/without an id/);
  });
});
