import type { paths } from './generated/schema';
import { session } from '../auth/session';

/**
 * Documented routes called with an id filled in (`/api/v1/cases/{id}/actions` as
 * `/api/v1/cases/<uuid>/actions`); a route the gateway does not document yet would be added here too.
 */
export type PlannedPath = `/api/v1/cases/${string}` | `/api/v1/registry/imports/${string}`;

type DocumentedPath = keyof paths;
type QueryOf<P> = P extends DocumentedPath
  ? paths[P] extends { get: { parameters: { query?: infer Q } } }
    ? Q
    : never
  : Record<string, string | number | boolean | undefined>;
type PathParamsOf<P> = P extends DocumentedPath
  ? paths[P] extends { get: { parameters: { path: infer A } } }
    ? A
    : never
  : never;

export type ApiPath = DocumentedPath | PlannedPath;

export interface FieldError {
  field?: string;
  message: string;
}

/** An RFC 9457 problem from the gateway, or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface RequestOptions<P> {
  params?: PathParamsOf<P> | Record<string, string>;
  query?: QueryOf<P> | Record<string, string | number | boolean | undefined | null>;
  body?: unknown;
  /** Raw body (CSV upload) with its media type. */
  raw?: { body: BodyInit; type: string };
  signal?: AbortSignal;
}

export function buildUrl(path: string, params?: object, query?: object): string {
  let url = path;
  for (const [name, value] of Object.entries(params ?? {}))
    url = url.replace(`{${name}}`, encodeURIComponent(String(value)));
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    search.set(name, String(value));
  }
  const qs = search.toString();
  return qs ? `${url}?${qs}` : url;
}

async function send(
  method: string,
  url: string,
  options: RequestOptions<unknown>,
  retry = true,
): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  const token = session.accessToken();
  if (token) headers.authorization = `Bearer ${token}`;
  let body: BodyInit | undefined;
  if (options.raw) {
    headers['content-type'] = options.raw.type;
    body = options.raw.body;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(url, { method, headers, body, signal: options.signal });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'network', (error as Error).message);
  }
  if (response.status === 401 && retry && token && (await session.refresh()))
    return send(method, url, options, false);
  return response;
}

async function parse<T>(response: Response): Promise<T> {
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const data = text ? (JSON.parse(text) as unknown) : undefined;
  if (!response.ok) {
    const problem = (data ?? {}) as { code?: string; detail?: string; title?: string; errors?: FieldError[] };
    if (response.status === 401) session.expired();
    throw new ApiError(
      response.status,
      problem.code ?? `http.${response.status}`,
      problem.detail ?? problem.title ?? response.statusText,
      problem.errors ?? [],
    );
  }
  return data as T;
}

export async function request<T, P extends ApiPath = ApiPath>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: P,
  options: RequestOptions<P> = {},
): Promise<T> {
  const url = buildUrl(path, options.params ?? undefined, options.query ?? undefined);
  return parse<T>(await send(method, url, options));
}

export const api = {
  get: <T, P extends ApiPath = ApiPath>(path: P, options?: RequestOptions<P>) =>
    request<T, P>('GET', path, options),
  post: <T, P extends ApiPath = ApiPath>(path: P, options?: RequestOptions<P>) =>
    request<T, P>('POST', path, options),
  put: <T, P extends ApiPath = ApiPath>(path: P, options?: RequestOptions<P>) =>
    request<T, P>('PUT', path, options),
  delete: <T, P extends ApiPath = ApiPath>(path: P, options?: RequestOptions<P>) =>
    request<T, P>('DELETE', path, options),
};

/** A non-JSON response (a CSV report) as a Blob, with the same auth and error handling. */
export async function fetchBlob(path: string, signal?: AbortSignal): Promise<Blob> {
  const response = await send('GET', path, { signal });
  if (!response.ok) await parse(response);
  return response.blob();
}
