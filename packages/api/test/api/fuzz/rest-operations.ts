import { openApiDocument } from '../../../src';
import type { JsonSchema } from './schema-arbitraries';

export interface Parameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  schema: JsonSchema;
}

/** One operation of the REST face, as its OpenAPI document describes it. */
export interface RestOperation {
  /** e.g. `POST /sessions/{id}/end` */
  name: string;
  method: string;
  path: string;
  parameters: Parameter[];
  body: JsonSchema | null;
}

interface OperationObject {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

/** Every operation the OpenAPI document lists, and its named schemas (the targets of `$ref`). */
export function restOperations(): {
  operations: RestOperation[];
  components: Record<string, JsonSchema>;
} {
  const doc = openApiDocument('http://localhost:3000/api/v1/virtual-care');
  const operations: RestOperation[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item as Record<string, OperationObject>)) {
      operations.push({
        name: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        parameters: op.parameters ?? [],
        body: op.requestBody?.content?.['application/json']?.schema ?? null,
      });
    }
  }
  const components = (doc.components?.schemas ?? {}) as Record<string, JsonSchema>;
  return { operations, components };
}
