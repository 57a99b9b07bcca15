import fastJsonStringify from 'fast-json-stringify';
import type { FastifySerializerCompiler } from 'fastify/types/schema.js';
import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';

type ResponseSchema = z.ZodType;

/**
 * Response schemas are the output whitelist: only the fields they declare ever leave the server. Zod
 * checks that by parsing every response, which costs a full walk of the object on the hottest routes.
 * fast-json-stringify keeps the same whitelist (undeclared properties are never written) while writing
 * the JSON in one compiled pass, so each zod schema is compiled once into a JSON Schema and then into a
 * stringifier. A schema JSON Schema cannot express (a transform, a custom check) keeps the zod path.
 * A missing required field still fails the response (500), as it did with zod. Each stringifier is
 * compiled on the route's first response, not at start: most routes of a process never answer, and
 * compiling them all would cost start time and memory.
 */
export const responseSerializerCompiler: FastifySerializerCompiler<ResponseSchema> = (route) => {
  let serialize: ((data: unknown) => string) | null = null;
  return (data) => {
    serialize ??= compileStringifier(route.schema) ?? zodSerializerCompiler(route as Parameters<typeof zodSerializerCompiler>[0]);
    return serialize(data);
  };
};

function compileStringifier(schema: unknown): ((data: unknown) => string) | null {
  if (!(schema instanceof z.ZodType)) return null;
  try {
    const json = z.toJSONSchema(schema, { io: 'output', target: 'draft-7', unrepresentable: 'throw' });
    delete json.$schema;
    const stringify = fastJsonStringify(json as Parameters<typeof fastJsonStringify>[0]);
    return (data) => stringify(data);
  } catch {
    return null;
  }
}
