import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Paths the UI never answers: the API, Open311, health, metrics and the identity provider's keys. */
const NOT_UI = /^\/(api|open311|health|metrics|\.well-known)(\/|$)/;

/** Origins the UI's browser code calls besides the gateway: the OIDC provider and the map tile server. */
export function webUiOrigins(config: {
  OIDC_ISSUER?: string;
  WEB_OIDC_CLIENT_ID?: string;
  WEB_MAP_TILE_URL?: string;
}): string[] {
  const origins = new Set<string>();
  if (config.OIDC_ISSUER && config.WEB_OIDC_CLIENT_ID) origins.add(new URL(config.OIDC_ISSUER).origin);
  if (config.WEB_MAP_TILE_URL) origins.add(new URL(config.WEB_MAP_TILE_URL.replace(/[{}]/g, '')).origin);
  return [...origins];
}

/** Where `npm run build` puts the UI, seen from this file in services/gateway/dist/web/. */
export const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../../../web/dist', import.meta.url));

/**
 * Serves the built admin UI at `/`: hashed files under /assets/ are cached for a year (their names change
 * with their content), everything else is revalidated; a GET for an unknown page without a file extension
 * gets index.html so client-side routes survive a reload. Returns null when the UI has not been built.
 */
export function webUiMiddleware(distDir: string = DEFAULT_WEB_DIST): RequestHandler | null {
  const root = resolve(distDir);
  const index = join(root, 'index.html');
  if (!existsSync(index)) return null;
  const assets = express.static(join(root, 'assets'), {
    immutable: true,
    maxAge: '365d',
    index: false,
    fallthrough: false,
  });
  const files = express.static(root, {
    index: false,
    setHeaders: (response) => response.setHeader('Cache-Control', 'no-cache'),
  });
  return (request: Request, response: Response, next: NextFunction) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    const path = request.path;
    if (NOT_UI.test(path)) return next();
    if (path.startsWith('/assets/')) {
      request.url = request.url.slice('/assets'.length);
      return assets(request, response, (error?: unknown) => {
        request.url = `/assets${request.url}`;
        if (error && (error as { status?: number }).status !== 404) return next(error);
        // A missing hashed file (an old page after a deploy): 404 here, not the API's 401 further on.
        response
          .status(404)
          .type('application/problem+json')
          .send(
            JSON.stringify({
              type: 'about:blank',
              title: 'Not Found',
              status: 404,
              detail: 'No such asset',
              code: 'route.not_found',
            }),
          );
      });
    }
    files(request, response, () => {
      // An unknown path with a file extension is a missing file, not a page.
      if (/\.[a-z0-9]+$/i.test(path)) return next();
      response.setHeader('Cache-Control', 'no-cache');
      response.sendFile(index);
    });
  };
}
