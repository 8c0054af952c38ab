import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { calleesOf } from '@yiwang/contracts';
import { CatalogueClients, GrpcClient, loadConfig, PlatformModule } from '@yiwang/platform';
import { testDatabaseUrl, testGatewaySecrets, testNatsPrefix, testNatsUrl } from '@yiwang/testing';
import { gatewayServiceSpec } from '../src/gateway.service-spec.js';

/**
 * The gateway's downstream gRPC clients: every gRPC service of every service the catalogue says the gateway
 * calls has one client, built by the platform's CatalogueClients, and shutting the application down closes them all. The
 * whole gateway application is started (as `runService` does, without listening): a feature module that
 * built a client of its own would show up in the count of open clients.
 */
describe('gateway downstream gRPC clients', () => {
  it('one per catalogued gRPC service, every one closed on shutdown', async () => {
    const config = loadConfig(gatewayServiceSpec.configSchema as never, {
      DATABASE_URL: testDatabaseUrl(),
      NATS_URL: testNatsUrl(),
      NATS_PREFIX: testNatsPrefix('downstream'),
      DATABASE_POOL_SIZE: '2',
      MIGRATIONS_RUN: 'false',
      WEB_UI: 'false',
      LOG_LEVEL: 'silent',
      ...testGatewaySecrets(),
    }) as Parameters<typeof gatewayServiceSpec.module>[0];

    // Today case has 4 gRPC services and grid 6 (libs/contracts/src/catalogue/services.ts): 10 clients.
    const expected = calleesOf('gateway').flatMap((s) =>
      s.grpc.services.map((g) => `${s.grpc.package}.${g}`),
    );
    expect(expected.length).toBeGreaterThanOrEqual(10);

    const openBefore = GrpcClient.openCount();
    @Module({
      imports: [PlatformModule.forRoot(gatewayServiceSpec, config), gatewayServiceSpec.module(config)],
    })
    class RootModule {}
    const app = await NestFactory.create(RootModule, { logger: false, bodyParser: false });
    let clients: GrpcClient<unknown>[];
    let opened: number;
    try {
      await app.init();
      clients = app.get(CatalogueClients).all();
      opened = GrpcClient.openCount() - openBefore;
    } finally {
      await app.close(); // also when a check below would fail: an open app keeps Jest from exiting
    }
    expect(clients.map((c) => c.service).sort()).toEqual([...expected].sort());
    // Nothing else in the gateway opened a client: all of them come from the one factory.
    expect(opened).toBe(expected.length);
    expect(clients.filter((c) => !c.closed).map((c) => c.service)).toEqual([]);
    expect(GrpcClient.openCount()).toBe(openBefore);
  });
});
