import type { OpenApiRouter } from 'trpc-to-openapi';
import { z } from 'zod';
import { appRouter } from '../app.router';

interface ProcedureDef {
  inputs: z.ZodType[];
}

/**
 * The router as trpc-to-openapi's handler sees it. On every REST call the library switches on zod's `coerce` in each
 * number, boolean and date field of the procedure's input, the JSON body's included, by writing it into the schema
 * objects themselves: from then on `maxParticipants: "8"` passes and a missing `expectedVersion` reads as NaN, on
 * tRPC too. So each procedure it sees carries a stand-in input with the same field names (text, or lists of text
 * where a query parameter may repeat) for it to coerce, while the call goes through the real router's caller and is
 * parsed by the real schemas, unchanged. A number in a query string says so in its own schema (`queryIntegerSchema`).
 */
export const strictInputRouter = withStandInInputs(appRouter as unknown as OpenApiRouter);

function withStandInInputs(router: OpenApiRouter): OpenApiRouter {
  const procedures = Object.fromEntries(
    Object.entries(router._def.procedures as unknown as Record<string, { _def: ProcedureDef }>).map(
      ([path, procedure]) => [
        path,
        { _def: { ...procedure._def, inputs: standInInputs(procedure._def.inputs) } },
      ],
    ),
  );
  // `createCaller` stays the real router's: it calls the real procedures, whatever this record holds.
  return { ...router, _def: { ...router._def, procedures } } as unknown as OpenApiRouter;
}

function standInInputs(inputs: readonly z.ZodType[]): z.ZodType[] {
  const objects = inputs.map(objectOf);
  if (objects.length === 0 || objects.some((o) => o === null)) return [...inputs]; // no fields to coerce
  const fields = Object.fromEntries(
    objects.flatMap((o) =>
      Object.entries((o?.shape ?? {}) as Record<string, z.ZodType>).map(([name, field]) => [
        name,
        isList(field) ? z.array(z.string()).optional() : z.string(),
      ]),
    ),
  );
  const standIn = z.object(fields);
  return [inputs.every((i) => i.safeParse(undefined).success) ? standIn.optional() : standIn];
}

function objectOf(schema: z.ZodType): z.ZodObject | null {
  if (schema instanceof z.ZodObject) return schema;
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable)
    return objectOf(schema.unwrap() as z.ZodType);
  if (schema instanceof z.ZodPipe) return objectOf(schema.in as z.ZodType);
  return null;
}

function isList(schema: z.ZodType): boolean {
  if (schema instanceof z.ZodArray) return true;
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable)
    return isList(schema.unwrap() as z.ZodType);
  if (schema instanceof z.ZodDefault) return isList(schema.unwrap() as z.ZodType);
  return false;
}
