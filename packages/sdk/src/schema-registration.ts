import { registryEndpoint } from './registry-endpoint.ts';
import { SchemaRegistryError } from './sdk-errors.ts';

/**
 * Registers an Avro schema under a subject through the Confluent-compatible REST API
 * (`POST /subjects/{subject}/versions`) and returns its id. Registering a schema that is
 * registered already returns the existing id, so this is safe on every start.
 *
 * This is a plain request rather than @kafkajs/confluent-schema-registry's register(): that
 * one first compares the subject's compatibility setting with its own default (BACKWARD) and
 * throws when a subject that another client (say Python) registered has another setting.
 */
export async function registerSchema(registryUrl: string, subject: string, schema: string, fetchImpl: typeof fetch = fetch): Promise<number> {
  const endpoint = registryEndpoint(registryUrl);
  const url = `${endpoint.url}/subjects/${encodeURIComponent(subject)}/versions`;
  const headers: Record<string, string> = {
    'content-type': 'application/vnd.schemaregistry.v1+json',
    accept: 'application/vnd.schemaregistry.v1+json, application/json',
  };
  if (endpoint.auth) headers['authorization'] = `Basic ${Buffer.from(`${endpoint.auth.username}:${endpoint.auth.password}`).toString('base64')}`;
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ schema }),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    throw new SchemaRegistryError(`the schema registry at ${endpoint.url} did not answer: ${(error as Error).message}`, { retriable: true, cause: error });
  }
  const text = await response.text().catch(() => '');
  if (!response.ok) {
    // 409: incompatible with the subject's versions; 422: an invalid schema; other 4xx: a
    // wrong URL or credentials. None of these goes away by trying again; 5xx and 429 may.
    const retriable = response.status >= 500 || response.status === 429 || response.status === 408;
    throw new SchemaRegistryError(`registering the schema under ${subject} failed with HTTP ${response.status}: ${text.slice(0, 300)}`, { retriable });
  }
  let id: unknown;
  try {
    id = (JSON.parse(text) as { id?: unknown }).id;
  } catch {
    id = undefined;
  }
  if (typeof id !== 'number' || !Number.isInteger(id)) {
    throw new SchemaRegistryError(`the schema registry answered the registration under ${subject} without an id: ${text.slice(0, 300)}`, { retriable: false });
  }
  return id;
}

