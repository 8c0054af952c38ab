import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { PROBLEM_CONTENT_TYPE } from '@yiwang/platform';

/**
 * Content Security Policy for everything the gateway serves: the SPA and Swagger UI load scripts and
 * styles from the gateway itself only (Swagger UI sets inline styles, hence 'unsafe-inline' for styles,
 * never for scripts), and no one may frame the pages.
 */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy([]);

/**
 * The policy, with the other origins the web UI talks to (an OIDC provider's endpoints, a map tile
 * server) allowed for fetches and images; the map's web worker runs from the gateway's own files or a blob.
 */
export function contentSecurityPolicy(extraOrigins: readonly string[]): string {
  const extra = extraOrigins.length ? ` ${extraOrigins.join(' ')}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "worker-src 'self' blob:",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob:${extra}`,
    "font-src 'self' data:",
    `connect-src 'self'${extra}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Request headers a browser may send cross-origin, and response headers it may read. */
const ALLOWED_HEADERS = 'Authorization, Content-Type, Idempotency-Key, If-Match, If-None-Match';
const EXPOSED_HEADERS = 'ETag, Idempotency-Replayed, Location, Retry-After, WWW-Authenticate';
const ALLOWED_METHODS = 'GET, POST, PUT, PATCH, DELETE';

export interface SecurityHeadersOptions {
  /** Origins allowed to call the API from a browser; empty = same origin only. */
  allowedOrigins: readonly string[];
  /** Strict-Transport-Security max-age, sent on requests that came over TLS; 0 = never. */
  hstsMaxAgeSeconds: number;
  /** Origins the web UI fetches from besides the gateway (OIDC provider, map tiles). */
  uiOrigins?: readonly string[];
}

/** Helmet-like response headers and CORS for allowed origins, before anything else can answer. */
export function securityHeaders(options: SecurityHeadersOptions): RequestHandler {
  const allowed = new Set(options.allowedOrigins.map((o) => o.replace(/\/$/, '')));
  const policy = contentSecurityPolicy(options.uiOrigins ?? []);
  return (request: Request, response: Response, next: NextFunction) => {
    response.setHeader('Content-Security-Policy', policy);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('X-Frame-Options', 'DENY');
    response.setHeader('Referrer-Policy', 'no-referrer');
    response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    response.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    response.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(self)');
    // `secure` is true for TLS here or X-Forwarded-Proto: https from a trusted proxy (TRUST_PROXY).
    if (options.hstsMaxAgeSeconds > 0 && request.secure) {
      response.setHeader(
        'Strict-Transport-Security',
        `max-age=${options.hstsMaxAgeSeconds}; includeSubDomains`,
      );
    }
    const origin = request.headers.origin;
    if (!origin) return next();
    response.setHeader('Vary', 'Origin');
    const preflight = request.method === 'OPTIONS' && request.headers['access-control-request-method'];
    if (!allowed.has(origin)) {
      if (!preflight) return next(); // the browser withholds the answer: no Access-Control-Allow-Origin
      response
        .status(403)
        .type(PROBLEM_CONTENT_TYPE)
        .send(
          JSON.stringify({
            type: 'https://yiwang.dev/problems/cors.origin_refused',
            title: 'Forbidden',
            status: 403,
            detail: 'This origin may not call the API from a browser (CORS_ALLOWED_ORIGINS)',
            code: 'cors.origin_refused',
          }),
        );
      return;
    }
    response.setHeader('Access-Control-Allow-Origin', origin);
    response.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
    if (!preflight) return next();
    response.setHeader('Access-Control-Allow-Methods', ALLOWED_METHODS);
    response.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
    response.setHeader('Access-Control-Max-Age', '600');
    response.status(204).end();
  };
}
