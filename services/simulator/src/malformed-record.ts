import type { GroundTruthEvent, InferenceEvent } from '@modelwatch/core';
import type { Random } from './random.ts';

export const MALFORMED_KINDS = ['invalid-json', 'missing-fields', 'wrong-types', 'random-bytes', 'oversized'] as const;

/**
 * What is wrong with a malformed record:
 * - `invalid-json`: not JSON (cut short, a trailing comma, single quotes, NaN);
 * - `missing-fields`: JSON without a required field;
 * - `wrong-types`: JSON with a field of the wrong type (a number as id, an object as prediction);
 * - `random-bytes`: bytes that are neither JSON nor a Confluent Avro frame;
 * - `oversized`: a valid event padded past the ingest size limit.
 */
export type MalformedKind = (typeof MALFORMED_KINDS)[number];

export type EventTopic = 'inference' | 'ground-truth';

export interface MalformedRecord {
  readonly kind: MalformedKind;
  readonly topic: EventTopic;
  readonly key: string | null;
  readonly bytes: Buffer;
  /** What was done to the event, e.g. "without prediction_id". */
  readonly detail: string;
}

/** 600 KiB: past ingest's default limit (512 KiB), within the topics' 2 MiB. */
export const DEFAULT_OVERSIZED_BYTES = 600 * 1024;

type Json = Record<string, unknown>;

/** Spoils a well-formed event in the way `kind` says. */
export function makeMalformed(
  kind: MalformedKind,
  topic: EventTopic,
  event: InferenceEvent | GroundTruthEvent,
  rng: Random,
  oversizedBytes = DEFAULT_OVERSIZED_BYTES,
): MalformedRecord {
  const base = { ...event } as Json;
  const key = event.prediction_id;
  const done = (bytes: Buffer | string, detail: string, k: string | null = key): MalformedRecord => ({
    kind,
    topic,
    key: k,
    bytes: typeof bytes === 'string' ? Buffer.from(bytes) : bytes,
    detail,
  });
  switch (kind) {
    case 'invalid-json':
      return invalidJson(base, rng, done);
    case 'missing-fields': {
      const required = topic === 'inference' ? ['model_id', 'model_version', 'prediction_id', 'timestamp', 'features', 'prediction'] : ['model_id', 'prediction_id', 'label', 'timestamp'];
      const dropped = rng.shuffle(required).slice(0, rng.chance(0.75) ? 1 : 2);
      for (const field of dropped) delete base[field];
      return done(JSON.stringify(base), `without ${dropped.join(' and ')}`);
    }
    case 'wrong-types': {
      const variants = topic === 'inference' ? INFERENCE_WRONG_TYPES : GROUND_TRUTH_WRONG_TYPES;
      const variant = rng.pick(variants);
      return done(JSON.stringify(variant.apply(base)), variant.detail);
    }
    case 'random-bytes': {
      const bytes = rng.bytes(rng.int(8, 512));
      // A UTF-8 continuation byte first: never the start of JSON text, never Avro's magic 0.
      bytes[0] = 0x80 | (bytes[0]! & 0x3f);
      return done(bytes, `${bytes.length} random bytes`, rng.chance(0.5) ? key : null);
    }
    case 'oversized': {
      const text = JSON.stringify(base);
      const chunk = rng.bytes(768).toString('base64');
      const padding = chunk.repeat(Math.ceil((oversizedBytes - text.length + 1) / chunk.length));
      const bytes = JSON.stringify({ ...base, debug_payload: padding });
      return done(bytes, `${bytes.length} bytes`);
    }
  }
}

function invalidJson(base: Json, rng: Random, done: (bytes: string, detail: string) => MalformedRecord): MalformedRecord {
  const text = JSON.stringify(base);
  switch (rng.int(0, 4)) {
    case 0: {
      const at = rng.int(1, text.length - 1);
      return done(text.slice(0, at), `cut short at byte ${at} of ${text.length}`);
    }
    case 1:
      return done(`${text.slice(0, -1)},}`, 'a trailing comma');
    case 2:
      return done(text.replaceAll('"', "'"), 'single quotes');
    default: {
      const field = 'label' in base ? 'label' : 'prediction';
      return done(JSON.stringify({ ...base, [field]: '__NaN__' }).replace('"__NaN__"', 'NaN'), `${field} NaN`);
    }
  }
}

interface WrongType {
  readonly detail: string;
  apply(event: Json): Json;
}

const INFERENCE_WRONG_TYPES: readonly WrongType[] = [
  { detail: 'model_id a number', apply: (e) => ({ ...e, model_id: 1042 }) },
  { detail: 'timestamp a boolean', apply: (e) => ({ ...e, timestamp: true }) },
  { detail: 'features an array', apply: (e) => ({ ...e, features: Object.values(e['features'] as Json) }) },
  {
    detail: 'a feature an object',
    apply: (e) => {
      const features = { ...(e['features'] as Json) };
      const name = Object.keys(features)[0] ?? 'x';
      return { ...e, features: { ...features, [name]: { value: features[name] ?? 1 } } };
    },
  },
  { detail: 'prediction an object', apply: (e) => ({ ...e, prediction: { value: e['prediction'] } }) },
  { detail: 'latency_ms a string', apply: (e) => ({ ...e, latency_ms: `${String(e['latency_ms'] ?? 10)}ms` }) },
  { detail: 'scores a string', apply: (e) => ({ ...e, scores: 'high' }) },
  { detail: 'a segment a number', apply: (e) => ({ ...e, segments: { ...((e['segments'] as Json | null) ?? {}), country: 49 } }) },
];

const GROUND_TRUTH_WRONG_TYPES: readonly WrongType[] = [
  { detail: 'model_id a number', apply: (e) => ({ ...e, model_id: 1042 }) },
  { detail: 'prediction_id a number', apply: (e) => ({ ...e, prediction_id: 77 }) },
  { detail: 'label an array', apply: (e) => ({ ...e, label: [e['label']] }) },
  { detail: 'label a boolean', apply: (e) => ({ ...e, label: true }) },
  { detail: 'timestamp an object', apply: (e) => ({ ...e, timestamp: { ms: e['timestamp'] } }) },
];
