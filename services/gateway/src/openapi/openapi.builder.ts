import { Injectable } from '@nestjs/common';
import { PATH_METADATA, METHOD_METADATA } from '@nestjs/common/constants.js';
import { RequestMethod } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { z } from 'zod';
import { PERMISSION_METADATA } from '../auth/permission.guard.js';
import { apiRouteOf, type ApiRouteSpec } from './api-route.decorator.js';

type Json = Record<string, unknown>;

const problemSchema = {
  type: 'object',
  description: 'RFC 9457 problem details with a stable machine-readable code',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string', format: 'uri' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string', examples: ['request.invalid'] },
    instance: { type: 'string' },
    traceId: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['message'],
        properties: { field: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
};

const ERROR_TEXT: Record<number, string> = {
  400: 'Invalid input (the errors name each field)',
  401: 'Missing or refused access token',
  403: 'The caller lacks the permission',
  404: 'Not found, or outside the caller’s data scope',
  409: 'Conflicts with the current state',
  412: 'If-Match does not name the current ETag: read the resource again',
  428: 'This update needs If-Match with the ETag of the resource as read',
  413: 'Body too large',
  415: 'Unsupported body media type',
  429: 'Too many requests',
  503: 'A service behind the gateway is unavailable',
};

/** Builds the OpenAPI 3.1 document from the routes' @ApiDoc metadata and Nest's own routing metadata. */
@Injectable()
export class OpenApiBuilder {
  private cached: Json | undefined;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  document(): Json {
    this.cached ??= this.build();
    return this.cached;
  }

  private build(): Json {
    const paths: Record<string, Json> = {};
    const schemas = new NamedSchemas();
    for (const wrapper of this.discovery.getControllers()) {
      const instance = wrapper.instance as object | undefined;
      if (!instance) continue;
      const base = String(this.reflector.get<string>(PATH_METADATA, wrapper.metatype as Function) ?? '');
      const prototype = Object.getPrototypeOf(instance) as Record<string, Function>;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name];
        const meta = apiRouteOf(handler);
        if (!meta) continue;
        const route = String(this.reflector.get<string>(PATH_METADATA, handler) ?? '');
        const method = RequestMethod[this.reflector.get<number>(METHOD_METADATA, handler)].toLowerCase();
        const path = `/${[base, route].filter(Boolean).join('/')}`
          .replace(/\/+/g, '/')
          .replace(/(.)\/$/, '$1')
          .replace(/:(\w+)/g, '{$1}');
        const permission = this.reflector.get<string | undefined>(PERMISSION_METADATA, handler);
        paths[path] = {
          ...(paths[path] ?? {}),
          [method]: withConventions(
            operation(meta, operationId((wrapper.metatype as Function).name, name), schemas),
            path,
            method,
            meta,
            permission,
          ),
        };
      }
    }
    return {
      openapi: '3.1.0',
      info: {
        title: 'Yiwang 一网 API',
        version: '1.0.0',
        description:
          'Party-building-led grassroots governance: cases, registry, party organisations, volunteers, funding. ' +
          'Errors are RFC 9457 problem+json with a stable `code`. Lists use keyset pagination (`after` cursors).',
      },
      servers: [{ url: '/' }],
      paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
        schemas: { Problem: problemSchema, ...schemas.sorted() },
      },
      security: [{ bearer: [] }],
    };
  }
}

/** Unique across the document (clients generate one function per operation): controller plus method. */
function operationId(controller: string, method: string): string {
  const base = controller.replace(/(Http)?Controller$/, '');
  return `${base.charAt(0).toLowerCase()}${base.slice(1)}${method.charAt(0).toUpperCase()}${method.slice(1)}`;
}

function operation(meta: ApiRouteSpec, name: string, schemas: NamedSchemas): Json {
  const parameters = [
    ...fields(meta.params, 'path', schemas),
    ...fields(meta.query, 'query', schemas),
    ...fields(meta.headers, 'header', schemas),
  ];
  const status = String(meta.status ?? (meta.response === null ? 204 : 200));
  const responses: Json = {
    // A route without a response schema (only possible past the type check) is documented as such, and the
    // API document test fails on it.
    [status]:
      meta.response === null
        ? { description: 'No Content' }
        : meta.response
          ? {
              description: 'OK',
              content: {
                [meta.responseType ?? 'application/json']: {
                  schema: schemas.inline(meta.response, 'output'),
                },
              },
            }
          : { description: 'OK' },
  };
  for (const code of [400, ...(meta.public ? [] : [401, 403]), ...(meta.errors ?? [])]) {
    responses[String(code)] = {
      description: ERROR_TEXT[code] ?? 'Error',
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    };
  }
  return {
    // Unique across the document (handlers of different controllers share names such as `get`).
    operationId: `${meta.tag.replace(/[^A-Za-z0-9]+(.)/g, (_, c: string) => c.toUpperCase())}${name[0].toUpperCase()}${name.slice(1)}`,
    summary: meta.summary,
    tags: [meta.tag],
    ...(meta.public ? { security: [] } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(meta.body
      ? {
          requestBody: {
            required: true,
            content: {
              [meta.bodyType ?? 'application/json']: { schema: schemas.inline(meta.body, 'input') },
            },
          },
        }
      : {}),
    responses,
  };
}

/**
 * What every operation shares beyond its own metadata: the permission it needs (`x-permission`, read by
 * the role × scope matrix test), path parameters the route has but did not describe, and the gateway-wide
 * `Idempotency-Key` header on POSTs.
 */
function withConventions(
  op: Json,
  path: string,
  method: string,
  meta: ApiRouteSpec,
  permission: string | undefined,
): Json {
  const parameters = [...((op.parameters as Json[] | undefined) ?? [])];
  for (const [, name] of path.matchAll(/\{(\w+)\}/g)) {
    if (!parameters.some((p) => p.in === 'path' && p.name === name))
      parameters.push({ name, in: 'path', required: true, schema: { type: 'string' } });
  }
  if (method === 'post' && !meta.public) {
    if (!parameters.some((p) => p.in === 'header' && String(p.name).toLowerCase() === 'idempotency-key'))
      parameters.push({
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        description:
          'Makes a retry safe: the first answer is kept per caller, key and route and replayed (with ' +
          '`Idempotency-Replayed: true`); the same key with another request is refused (422), and one still ' +
          'running answers 409.',
        schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]+$' },
      });
    const responses = op.responses as Json;
    for (const [status, text] of [
      ['409', 'Conflicts with the current state, or a request with this Idempotency-Key is in progress'],
      ['422', 'This Idempotency-Key was used with a different request'],
    ] as const) {
      responses[status] = {
        description: text,
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      };
    }
  }
  return {
    ...op,
    ...(permission ? { 'x-permission': permission } : {}),
    ...(parameters.length ? { parameters } : {}),
  };
}

function fields(
  schema: z.ZodObject | undefined,
  where: 'path' | 'query' | 'header',
  schemas: NamedSchemas,
): Json[] {
  if (!schema) return [];
  return Object.entries(schema.shape).map(([name, field]) => ({
    name,
    in: where,
    required: where === 'path' || !(field as z.ZodType).safeParse(undefined).success,
    schema: schemas.inline(field as z.ZodType, 'input'),
  }));
}

/**
 * JSON Schema of the routes' zod schemas. A schema given a name (`named`) becomes one entry of
 * `components/schemas`, referred to wherever it appears; the same name with two shapes is a build error.
 */
class NamedSchemas {
  private readonly components = new Map<string, { json: Json; text: string }>();

  inline(schema: z.ZodType, io: 'input' | 'output'): Json {
    const json = z.toJSONSchema(schema, {
      io,
      unrepresentable: 'any',
      target: 'draft-2020-12',
      // A Date in an answer is sent as its ISO 8601 text (JSON.stringify).
      override: (ctx) => {
        if (ctx.zodSchema._zod.def.type === 'date')
          Object.assign(ctx.jsonSchema, { type: 'string', format: 'date-time' });
        // z.int()'s safe-integer bounds say nothing a reader needs.
        if (ctx.jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete ctx.jsonSchema.minimum;
        if (ctx.jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete ctx.jsonSchema.maximum;
      },
    }) as Json;
    delete json.$schema;
    const defs = (json.$defs ?? {}) as Record<string, Json>;
    delete json.$defs;
    for (const [id, def] of Object.entries(defs)) this.add(id, def);
    // A named schema itself comes back as a $ref to its $defs entry, now one of the components.
    return refsToComponents(json) as Json;
  }

  sorted(): Record<string, Json> {
    return Object.fromEntries(
      [...this.components.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([id, c]) => [id, c.json]),
    );
  }

  private add(id: string, def: Json): void {
    const json = refsToComponents(def) as Json;
    const text = JSON.stringify(json);
    const known = this.components.get(id);
    if (known && known.text !== text)
      throw new Error(`Two different schemas are named ${id} in the API document (input and output differ?)`);
    this.components.set(id, { json, text });
  }
}

function refsToComponents(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(refsToComponents);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) =>
      key === '$ref' && typeof inner === 'string'
        ? [key, inner.replace(/^#\/\$defs\//, '#/components/schemas/')]
        : [key, refsToComponents(inner)],
    ),
  );
}
