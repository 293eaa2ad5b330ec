import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { testStack } from '../support/stack.ts';

/**
 * @kafkajs/confluent-schema-registry 3.9.0 against the Apicurio Registry of the dev stack
 * (Confluent-compatible API): register, re-register, encode in the Confluent wire format, decode.
 */

const { schemaRegistryUrl } = testStack();
const registry = new SchemaRegistry({ host: schemaRegistryUrl });
const subject = `it.schema-registry.${Date.now().toString(36)}-${randomBytes(3).toString('hex')}-value`;

const v1 = {
  type: 'record',
  name: 'Prediction',
  namespace: 'dev.modelwatch.test',
  fields: [
    { name: 'model', type: 'string' },
    { name: 'score', type: 'double' },
  ],
};
const v2 = { ...v1, fields: [...v1.fields, { name: 'label', type: ['null', 'string'], default: null }] };

afterAll(async () => {
  await fetch(`${schemaRegistryUrl}/subjects/${encodeURIComponent(subject)}`, { method: 'DELETE' }).catch(() => {});
});

describe('@kafkajs/confluent-schema-registry against the dev-stack registry', () => {
  it('registers an Avro schema once, encodes and decodes', async () => {
    const { id } = await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(v1) }, { subject });
    expect(id).toBeGreaterThan(0);
    expect((await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(v1) }, { subject })).id).toBe(id);
    expect(await registry.getLatestSchemaId(subject)).toBe(id);

    const payload = { model: 'fraud-v3', score: 0.93 };
    const encoded = await registry.encode(id, payload);
    expect(encoded[0]).toBe(0); // Confluent wire format: magic byte, then the schema id
    expect(encoded.readInt32BE(1)).toBe(id);
    expect(await registry.decode(encoded)).toEqual(payload);

    // A fresh client resolves the id through GET /schemas/ids/{id}.
    expect(await new SchemaRegistry({ host: schemaRegistryUrl }).decode(encoded)).toEqual(payload);
  });

  it('evolves the schema: a new version gets a new id, old records still decode', async () => {
    const first = await registry.getLatestSchemaId(subject);
    const { id } = await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(v2) }, { subject });
    expect(id).not.toBe(first);
    expect(await registry.getLatestSchemaId(subject)).toBe(id);
    const encoded = await registry.encode(id, { model: 'fraud-v4', score: 0.5, label: 'fraud' });
    expect(await registry.decode(encoded)).toEqual({ model: 'fraud-v4', score: 0.5, label: 'fraud' });
    const old = await registry.encode(first, { model: 'fraud-v3', score: 0.1 });
    expect(await new SchemaRegistry({ host: schemaRegistryUrl }).decode(old)).toEqual({ model: 'fraud-v3', score: 0.1 });
  });
});
