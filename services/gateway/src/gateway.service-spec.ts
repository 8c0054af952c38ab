import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { logger, type ServiceSpec } from '@yiwang/platform';
import { urlencoded } from 'express';
import { AppModule } from './app.module.js';
import { auditMiddleware } from './audit/audit.middleware.js';
import { AuditWriter } from './audit/audit-writer.service.js';
import { gatewayEntities } from './database/entities.js';
import { gatewayConfigSchema, type GatewayConfig } from './gateway.config.js';
import { gatewayMigrations } from './database/migrations/index.js';
import { DEFAULT_WEB_DIST, webUiMiddleware, webUiOrigins } from './web/web-ui.middleware.js';
import { etagOfBytes } from './http/conditional.js';
import { securityHeaders } from './http/security-headers.js';

export const gatewayServiceSpec: ServiceSpec<GatewayConfig> = {
  name: 'gateway',
  schema: 'gateway',
  configSchema: gatewayConfigSchema,
  entities: gatewayEntities,
  migrations: gatewayMigrations,
  module: (config) => AppModule.forRoot(config),
  bodyLimit: (config) => config.BODY_LIMIT,
  // Before the body parser: its refusals (400 bad JSON, 413 too large) get the headers and are audited.
  configureEarly: (app, config) => {
    app.use(
      securityHeaders({
        allowedOrigins: config.CORS_ALLOWED_ORIGINS,
        hstsMaxAgeSeconds: config.HSTS_MAX_AGE_SECONDS,
        uiOrigins: webUiOrigins(config),
      }),
    );
    app.use(auditMiddleware(app.get(AuditWriter)));
  },
  configureApp: (app, config) => {
    const express = app as NestExpressApplication;
    // Client addresses feed the login throttle: only proxies we run may set X-Forwarded-For.
    express.set(
      'trust proxy',
      config.TRUST_PROXY.split(',').map((s) => s.trim()),
    );
    express.disable('x-powered-by');
    if (config.WEB_UI) {
      const dir = config.WEB_DIST_DIR ?? DEFAULT_WEB_DIST;
      const ui = webUiMiddleware(dir);
      if (ui) express.use(ui);
      else logger().warn({ dir }, 'the web UI is not built (npm run build): / serves nothing');
    }
    express.set('etag', (body: string | Buffer) => etagOfBytes(body));
    // OAuth2 clients send the client-credentials grant form-encoded (RFC 6749 §4.4.2); only this route.
    express.use('/api/v1/auth/token', urlencoded({ extended: false, limit: '16kb', parameterLimit: 20 }));
    // Requests Node's HTTP parser refuses (headers too large, malformed) get problem+json too.
    (app.getHttpServer() as Server).on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
      if (!socket.writable) return socket.destroy();
      const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
      const body = JSON.stringify({
        type: 'https://yiwang.dev/problems/request.malformed',
        title: status === 431 ? 'Request Header Fields Too Large' : 'Bad Request',
        status,
        detail:
          status === 431 ? 'The request line or headers are too large' : 'The request could not be parsed',
        code: status === 431 ? 'request.headers_too_large' : 'request.malformed',
      });
      socket.end(
        `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
          `Content-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
          `Connection: close\r\n\r\n${body}`,
      );
    });
  },
};
