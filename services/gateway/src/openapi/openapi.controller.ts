import { Controller, Get, Header, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { createRequire } from 'node:module';
import { dirname, join, normalize } from 'node:path';
import { PublicRoute } from '../auth/permission.guard.js';
import { OpenApiBuilder } from './openapi.builder.js';

const require = createRequire(import.meta.url);
const SWAGGER_DIR = dirname(require.resolve('swagger-ui-dist/package.json'));
const ASSETS = new Set([
  'swagger-ui.css',
  'swagger-ui-bundle.js',
  'swagger-ui-standalone-preset.js',
  'favicon-32x32.png',
]);

const PAGE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>Yiwang 一网 API</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/assets/init.js"></script></body></html>`;

const INIT = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', persistAuthorization: true });`;

/** The OpenAPI 3.1 document and Swagger UI, served from the package's own files (no CDN). */
@Controller('api')
export class OpenApiController {
  constructor(private readonly builder: OpenApiBuilder) {}

  @Get('openapi.json')
  @PublicRoute()
  document(): Record<string, unknown> {
    return this.builder.document();
  }

  @Get('docs')
  @PublicRoute()
  @Header('Content-Type', 'text/html; charset=utf-8')
  page(): string {
    return PAGE;
  }

  @Get('docs/assets/:file')
  @PublicRoute()
  asset(@Param('file') file: string, @Res() response: Response): void {
    if (file === 'init.js') {
      response.type('application/javascript').send(INIT);
      return;
    }
    if (!ASSETS.has(file)) {
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
      return;
    }
    response.sendFile(normalize(join(SWAGGER_DIR, file)));
  }
}
