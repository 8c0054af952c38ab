import 'reflect-metadata';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Module, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { DiscoveryService, MetadataScanner, NestFactory } from '@nestjs/core';
import { loadConfig, PlatformModule } from '@yiwang/platform';
import { testDatabaseUrl, testGatewaySecrets, testNatsPrefix, testNatsUrl } from '@yiwang/testing';
import { apiRouteOf, ValidBody } from '../src/openapi/api-route.decorator.js';
import { gatewayServiceSpec } from '../src/gateway.service-spec.js';

const SRC = join(import.meta.dirname, '../src');

/** The Nest parameter type ValidBody stamps on a handler's arguments (each createParamDecorator has its own). */
function validBodyParamtype(): string {
  class Probe {
    handler(_body: unknown): void {}
  }
  ValidBody()(Probe.prototype, 'handler', 0);
  const key = Object.keys(Reflect.getMetadata(ROUTE_ARGS_METADATA, Probe, 'handler') as object)[0];
  return key.split(':')[0];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

/**
 * A request body is declared once, as the @ApiRoute `body` schema that both validates it (ValidBody: 400
 * problem+json naming the field) and documents it. This test fails when a gateway handler parses a body by
 * hand (`@Body()`, `parseRequest` of its own, reading `request.body`) or reads one its route declares no
 * schema for.
 */
describe('gateway request bodies: declared once', () => {
  it('no handler reads or parses a request body by hand (source)', () => {
    // The one read left: the upload refuses a body the JSON parser already took (there is no file left).
    const allowed = new Set([
      'case-attachments/case-attachments.http.controller.ts: if (request.body !== undefined)',
    ]);
    const found: string[] = [];
    for (const file of sourceFiles(SRC)) {
      const name = relative(SRC, file);
      // Middleware, interceptors and exception filters see the raw request around the handler (api_key,
      // audit, idempotency, the token endpoint's OAuth2 error shape): they do not take its input.
      if (/\.(middleware|interceptor|filter)\.ts$/.test(name)) continue;
      // The declared schemas are applied here and only here.
      if (name === 'http-validation.ts' || name === 'openapi/api-route.decorator.ts') continue;
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          const hand = /@Body\(|\bparseRequest\(|\b(req|request)\.body\b|getRequest<[^>]*>\(\)\.body\b/.test(
            line,
          );
          if (hand && !allowed.has(`${name}: ${line.trim()}`)) found.push(`${name}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(found).toEqual([]);
  });

  it('every handler that takes the body has its route’s body schema (metadata of the running gateway)', async () => {
    const config = loadConfig(gatewayServiceSpec.configSchema as never, {
      DATABASE_URL: testDatabaseUrl(),
      NATS_URL: testNatsUrl(),
      NATS_PREFIX: testNatsPrefix('request-schemas'),
      DATABASE_POOL_SIZE: '2',
      MIGRATIONS_RUN: 'false',
      WEB_UI: 'false',
      LOG_LEVEL: 'silent',
      ...testGatewaySecrets(),
    }) as Parameters<typeof gatewayServiceSpec.module>[0];
    @Module({
      imports: [PlatformModule.forRoot(gatewayServiceSpec, config), gatewayServiceSpec.module(config)],
    })
    class RootModule {}
    const app = await NestFactory.create(RootModule, { logger: false, bodyParser: false });
    const validBody = validBodyParamtype();
    const problems: string[] = [];
    let writeRoutes = 0;
    let validBodies = 0;
    let withBody = 0;
    try {
      await app.init();
      const scanner = app.get(MetadataScanner);
      for (const wrapper of app.get(DiscoveryService).getControllers()) {
        const controller = wrapper.metatype as Function;
        const prototype = controller.prototype as Record<string, Function>;
        for (const name of scanner.getAllMethodNames(prototype)) {
          const handler = prototype[name];
          if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
          const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
          const where = `${controller.name}.${name} (${method})`;
          const args = Object.keys(Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}).map(
            (key) => key.split(':')[0],
          );
          const spec = apiRouteOf(handler);
          const write = ['POST', 'PUT', 'PATCH'].includes(method);
          if (write) writeRoutes += 1;
          if (spec?.body) withBody += 1;
          if (args.includes(String(RouteParamtypes.BODY))) problems.push(`${where}: @Body() parsed by hand`);
          if (args.includes(validBody)) validBodies += 1;
          if (args.includes(validBody) && !spec?.body)
            problems.push(`${where}: ValidBody without a body schema`);
          // A write route that takes the raw request may read (stream) its body: it documents what it reads.
          if (write && args.includes(String(RouteParamtypes.REQUEST)) && !spec?.body)
            problems.push(`${where}: takes the request on a write route, its @ApiRoute has no body`);
        }
      }
    } finally {
      await app.close();
    }
    expect(problems).toEqual([]);
    // Figures, so a scan that found nothing cannot pass: the gateway has dozens of write routes.
    // Measured when written: 33 write routes, 31 routes with a body schema, 29 handlers taking ValidBody.
    expect(writeRoutes).toBeGreaterThanOrEqual(33);
    expect(withBody).toBeGreaterThanOrEqual(31);
    expect(validBodies).toBeGreaterThanOrEqual(29);
  });
});
