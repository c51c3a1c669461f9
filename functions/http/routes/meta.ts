/** The API describing itself. */
import * as z from 'zod';
import { buildOpenApiDocument } from '../openapi.ts';
import { defineRoute, type Route } from '../router.ts';

/** Takes the table lazily: the document describes the whole table, this route included. */
export const openApiRoute = (table: () => readonly Route[]): Route =>
  defineRoute({
    method: 'GET',
    path: '/api/openapi.json',
    summary: 'This OpenAPI 3.1 document',
    tag: 'meta',
    auth: 'none',
    responses: {
      200: {
        description: 'The OpenAPI document',
        schema: z.looseObject({ openapi: z.literal('3.1.0'), paths: z.record(z.string(), z.unknown()) }),
      },
    },
    handle: async () => ({ body: buildOpenApiDocument(table()) }),
  });
