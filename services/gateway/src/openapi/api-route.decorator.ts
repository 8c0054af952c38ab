import 'reflect-metadata';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { z } from 'zod';
import { parseRequest, type RequestPart } from '../http-validation.js';

export const API_DOC = 'yiwang:api-doc';

/**
 * Everything a route says about its input and its answer, declared once: the param decorators below validate
 * with these schemas (400 problem+json naming the field), the OpenAPI builder documents them, the response
 * check compares each answer with `response`, and the compiler holds the handler to returning its type.
 */
export interface ApiRouteSpec<R extends z.ZodType | null = z.ZodType | null> {
  summary: string;
  tag: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  headers?: z.ZodObject;
  body?: z.ZodType;
  /** Request body media type when it is not JSON (e.g. text/csv). */
  bodyType?: string;
  /** The success answer's schema; null when the route answers 204 without a body. */
  response: R;
  /** Response media type when it is not JSON (e.g. text/csv for a download). */
  responseType?: string;
  /**
   * The handler writes the answer itself (`@Res()`: a file, an event stream, XML): the document still shows
   * `response`, but there is no returned value to check.
   */
  writesResponse?: boolean;
  status?: number;
  /** Problem codes this route may answer besides the generic ones. */
  errors?: number[];
  public?: boolean;
}

/** What a handler returns for a route whose answer is `R` (nothing for 204 or a self-written answer). */
export type ApiReply<R> = R extends z.ZodType ? z.input<R> : void;

type Handler<Reply> = (...args: never[]) => Reply | Promise<Reply>;

/** Declares a route's schemas and summary; the handler must return what `response` describes. */
export function ApiRoute<R extends z.ZodType | null>(spec: ApiRouteSpec<R> & { writesResponse?: false }) {
  return <M extends Handler<ApiReply<R>>>(
    _target: object,
    _key: string | symbol,
    descriptor: TypedPropertyDescriptor<M>,
  ): void => {
    Reflect.defineMetadata(API_DOC, spec, descriptor.value!);
  };
}

/** The same for a handler that writes its own answer through `@Res()` (file, stream, XML): it returns nothing. */
export function ApiRouteWriting<R extends z.ZodType>(spec: ApiRouteSpec<R>) {
  return <M extends Handler<void>>(
    _target: object,
    _key: string | symbol,
    descriptor: TypedPropertyDescriptor<M>,
  ): void => {
    Reflect.defineMetadata(API_DOC, { ...spec, writesResponse: true }, descriptor.value!);
  };
}

export function apiRouteOf(handler: Function): ApiRouteSpec | undefined {
  return Reflect.getMetadata(API_DOC, handler) as ApiRouteSpec | undefined;
}

const PARTS = {
  body: { key: 'body', read: (request: Request) => request.body },
  query: { key: 'query', read: (request: Request) => request.query },
  path: { key: 'params', read: (request: Request) => request.params },
  header: { key: 'headers', read: (request: Request) => request.headers },
} as const satisfies Record<RequestPart, { key: keyof ApiRouteSpec; read: (r: Request) => unknown }>;

function validated(part: RequestPart, context: ExecutionContext): unknown {
  const handler = context.getHandler();
  const { key, read } = PARTS[part];
  const schema = apiRouteOf(handler)?.[key];
  if (!schema)
    throw new Error(
      `${context.getClass().name}.${handler.name} reads the ${part} but its @ApiRoute has no ${key}`,
    );
  const request = context.switchToHttp().getRequest<Request>();
  // No body at all (an empty POST) is validated as an empty object, so optional-only bodies pass.
  const value = part === 'body' ? (read(request) ?? {}) : read(request);
  return parseRequest(schema, part === 'header' ? pickHeaders(schema, value) : value, part);
}

/** Only the headers the route declares: the rest of the request's headers are not its input. */
function pickHeaders(schema: z.ZodType, headers: unknown): Record<string, unknown> {
  const names = Object.keys((schema as z.ZodObject).shape ?? {});
  const all = headers as Record<string, unknown>;
  return Object.fromEntries(names.map((name) => [name, all[name.toLowerCase()]]));
}

/** The body, validated with the route's `body` schema. */
export const ValidBody = createParamDecorator((_: unknown, context: ExecutionContext) =>
  validated('body', context),
);
/** The query string, validated with the route's `query` schema. */
export const ValidQuery = createParamDecorator((_: unknown, context: ExecutionContext) =>
  validated('query', context),
);
/** The path parameters, validated with the route's `params` schema. */
export const ValidParams = createParamDecorator((_: unknown, context: ExecutionContext) =>
  validated('path', context),
);
/** The declared request headers (lower-case names), validated with the route's `headers` schema. */
export const ValidHeaders = createParamDecorator((_: unknown, context: ExecutionContext) =>
  validated('header', context),
);

/**
 * Gives a schema a name in the document (`#/components/schemas/<id>`), so the web app's generated types
 * have it as `components['schemas'][id]`. The schema instance itself is registered: wherever it is nested,
 * the document refers to the one definition.
 */
export function named<S extends z.ZodType>(id: string, schema: S): S {
  const existing = z.globalRegistry.get(schema);
  if (existing?.id && existing.id !== id) throw new Error(`schema already named ${existing.id}, not ${id}`);
  if (!existing?.id) z.globalRegistry.add(schema, { ...existing, id });
  return schema;
}
