import { z } from 'zod';
import type { RouteDefinition } from '../http/route';

type JsonSchema = Record<string, unknown>;

const toSchema = (schema: z.ZodType): JsonSchema => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
  }) as JsonSchema;
  return rest;
};

/** Express `:name` segments become OpenAPI `{name}`. */
export function openApiPath(expressPath: string): string {
  return expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

const ERROR_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        details: {},
        requestId: { type: 'string' },
      },
    },
  },
};

/**
 * The OpenAPI 3.1 document is generated from the same route definitions that
 * are mounted, so it cannot drift from the server (a test also checks this).
 */
export function buildOpenApi(
  routes: readonly RouteDefinition[],
  info: { version: string },
): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const p = openApiPath(r.path);
    const params = [...r.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    if (r.query) {
      const q = toSchema(r.query) as {
        properties?: Record<string, JsonSchema>;
        required?: string[];
      };
      for (const [name, schema] of Object.entries(q.properties ?? {})) {
        params.push({
          name,
          in: 'query',
          required: (q.required ?? []).includes(name),
          schema,
        } as never);
      }
    }
    const responses: Record<string, unknown> = {};
    for (const [status, doc] of Object.entries(
      r.responses ?? { 200: { description: 'OK' } },
    )) {
      responses[status] = {
        description: doc.description,
        ...(doc.schema
          ? {
              content: {
                [doc.contentType ?? 'application/json']: {
                  schema: toSchema(doc.schema),
                },
              },
            }
          : doc.contentType
            ? { content: { [doc.contentType]: {} } }
            : {}),
      };
    }
    responses.default = {
      description: 'Error',
      content: {
        'application/json': { schema: { $ref: '#/components/schemas/Error' } },
      },
    };
    const bodyType =
      r.rawBody === 'form'
        ? 'application/x-www-form-urlencoded'
        : 'application/json';
    paths[p] ??= {};
    paths[p][r.method] = {
      summary: r.summary,
      tags: [r.tag],
      ...('roles' in r.access
        ? { security: [{ bearer: [] }], 'x-roles': r.access.roles }
        : { security: [], 'x-public': r.access.reason }),
      ...(params.length ? { parameters: params } : {}),
      ...(r.body
        ? {
            requestBody: {
              required: true,
              content: { [bodyType]: { schema: toSchema(r.body) } },
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Psychiatry access program API',
      version: info.version,
      description:
        'REST API. Live events and call signaling are on socket.io: see signaling/EVENTS.md.',
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      },
      schemas: { Error: ERROR_SCHEMA },
    },
    paths,
  };
}
