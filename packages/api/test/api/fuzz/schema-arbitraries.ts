import fc from 'fast-check';
import { hostileValue, type Part } from './hostile-values';

/** The part of JSON Schema (OpenAPI 3.1) the REST document uses. */
export interface JsonSchema {
  $ref?: string;
  type?: 'null' | 'boolean' | 'integer' | 'number' | 'array' | 'object' | 'string';
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
}

/**
 * Strings the world knows for a schema (ids of rows that exist, in this tenant and the other one; join tokens that
 * verify): well-formed values that reach the database, not only the validator. Null: nothing known.
 */
export type KnownValues = (schema: JsonSchema) => fc.Arbitrary<string> | null;

export interface SchemaArbitraries {
  /** A value the schema accepts. */
  valid(schema: JsonSchema): fc.Arbitrary<unknown>;
  /** A request body for the schema: well-formed, or with one mutation (named in `bad`). */
  body(schema: JsonSchema): fc.Arbitrary<Part<unknown>>;
  resolve(schema: JsonSchema): JsonSchema;
}

const MAX_GENERATED_TEXT = 40;

export function schemaArbitraries(
  components: Record<string, JsonSchema>,
  known: KnownValues,
): SchemaArbitraries {
  const resolve = (schema: JsonSchema): JsonSchema =>
    schema.$ref ? resolve(components[schema.$ref.split('/').pop()!]!) : schema;

  const valid = (raw: JsonSchema): fc.Arbitrary<unknown> => {
    const schema = resolve(raw);
    if (schema.const !== undefined) return fc.constant(schema.const);
    if (schema.enum) return fc.constantFrom(...schema.enum);
    if (schema.anyOf) return fc.oneof(...schema.anyOf.map(valid));
    switch (schema.type) {
      case 'null':
        return fc.constant(null);
      case 'boolean':
        return fc.boolean();
      case 'integer':
        return fc.integer({
          min: Math.max(schema.minimum ?? -1000, -2147483648),
          max: Math.min(schema.maximum ?? 1000, 2147483647),
        });
      case 'number':
        return fc.double({
          min: schema.minimum ?? -1000,
          max: schema.maximum ?? 1000,
          noNaN: true,
        });
      case 'array':
        return fc.array(valid(schema.items ?? {}), {
          minLength: schema.minItems ?? 0,
          maxLength: Math.min(schema.maxItems ?? 3, 3),
        });
      case 'object':
        return validObject(schema);
      case 'string':
      case undefined:
        return validString(schema);
    }
  };

  const validObject = (schema: JsonSchema): fc.Arbitrary<Record<string, unknown>> => {
    const properties = schema.properties ?? {};
    const model = Object.fromEntries(Object.entries(properties).map(([k, s]) => [k, valid(s)]));
    return fc.record(model, { requiredKeys: schema.required ?? [] });
  };

  const validString = (schema: JsonSchema): fc.Arbitrary<string> => {
    const fromWorld = known(schema);
    if (fromWorld) return fromWorld;
    if (schema.format === 'date-time') return dateTime;
    if (schema.format === 'uuid') return fc.uuid();
    if (schema.format === 'uri') return fc.constantFrom(...URLS);
    const min = schema.minLength ?? 0;
    const max = Math.min(schema.maxLength ?? MAX_GENERATED_TEXT, MAX_GENERATED_TEXT);
    if (schema.pattern) {
      return fc
        .stringMatching(new RegExp(schema.pattern))
        .filter((s) => s.length >= min && s.length <= (schema.maxLength ?? Infinity));
    }
    return fc.string({ minLength: min, maxLength: Math.max(min, max) });
  };

  const body = (raw: JsonSchema): fc.Arbitrary<Part<unknown>> => {
    const schema = resolve(raw);
    const properties = Object.entries(schema.properties ?? {});
    const wellFormed = validObject(schema);
    const mutations: fc.Arbitrary<Part<unknown>>[] = [
      hostileValue.map(({ value, bad }) => ({ value, bad: `body: ${bad}` })),
      fc
        .tuple(wellFormed, fc.constantFrom('__proto__', 'tenantId', 'status', 'extra', 'id'))
        .map(([value, key]) => ({
          value: JSON.parse(JSON.stringify({ ...value, [key]: 'x' })) as unknown,
          bad: `unknown field ${key}`,
        })),
    ];
    if (properties.length > 0) {
      mutations.push(
        fc
          .tuple(wellFormed, fc.constantFrom(...properties.map(([key]) => key)), hostileValue)
          .map(([value, key, hostile]) => ({
            value: { ...value, [key]: hostile.value },
            bad: `${key}: ${hostile.bad}`,
          })),
      );
    }
    if (schema.required?.length) {
      mutations.push(
        fc.tuple(wellFormed, fc.constantFrom(...schema.required)).map(([value, key]) => {
          const { [key]: _dropped, ...rest } = value;
          return { value: rest, bad: `missing ${key}` };
        }),
      );
    }
    return fc.oneof(
      { weight: 2, arbitrary: wellFormed.map((value) => ({ value, bad: null })) },
      { weight: 5, arbitrary: fc.oneof(...mutations) },
    );
  };

  return { valid, body, resolve };
}

/** Start times a clinic would plausibly book: from an hour ago to a month ahead, as ISO strings. */
const dateTime = fc
  .integer({ min: -60, max: 60 * 24 * 30 })
  .map((minutes) => new Date(Date.now() + minutes * 60_000).toISOString());

const URLS = [
  'https://recordings.example.org/r/1.mp4',
  'https://jitsi.clinic.example/room',
  'http://127.0.0.1:1/',
];
