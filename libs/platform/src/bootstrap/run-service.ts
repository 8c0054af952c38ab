import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Module, type INestApplication } from '@nestjs/common';
import { json } from 'express';
import { ConfigError, loadConfig, type BaseServiceConfig } from '../config/define-config.js';
import { grpcServerOptions } from '../grpc/grpc-server.js';
import { HealthService } from '../health/health.service.js';
import { httpMetricsMiddleware } from '../http/http-metrics.middleware.js';
import { createLogger, setRootLogger } from '../logging/logger.js';
import { PinoNestLogger } from '../logging/nest-logger.js';
import { PlatformModule } from '../module/platform.module.js';
import type { ServiceSpec } from '../module/service-spec.js';
import { migrateService } from './migrate-service.js';
import { shutdownTelemetry } from '../telemetry/sdk.js';

/** Validates config or exits non-zero naming every bad variable. */
export function loadServiceConfig<C extends BaseServiceConfig>(spec: ServiceSpec<C>, env = process.env): C {
  try {
    return loadConfig(spec.configSchema as never, env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`[${spec.name}] ${error.message}\n`);
      process.stdout.write(
        JSON.stringify({
          level: 'fatal',
          service: spec.name,
          msg: 'invalid configuration',
          problems: error.problems,
        }) + '\n',
      );
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}

/**
 * Boots one service: config, logger, migrations (unless MIGRATIONS_RUN=false, for clusters that run them
 * as a job), Nest with HTTP and gRPC, then waits for SIGTERM/SIGINT to shut down gracefully.
 */
export async function runService<C extends BaseServiceConfig>(
  spec: ServiceSpec<C>,
): Promise<INestApplication> {
  const config = loadServiceConfig(spec);
  const log = createLogger(spec.name, config.LOG_LEVEL);
  setRootLogger(log);
  process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled promise rejection'));

  try {
    if (config.MIGRATIONS_RUN) {
      const applied = await migrateService(spec, config);
      if (applied.length > 0) log.info({ applied }, 'migrations applied');
    }

    @Module({ imports: [PlatformModule.forRoot(spec, config), spec.module(config)] })
    class RootModule {}

    const app = await NestFactory.create(RootModule, { logger: new PinoNestLogger(log), bodyParser: false });
    app.use(httpMetricsMiddleware);
    await spec.configureEarly?.(app, config);
    app.use(
      json({ limit: spec.bodyLimit?.(config) ?? '1mb', type: ['application/json', 'application/*+json'] }),
    );
    await spec.configureApp?.(app, config);
    if (spec.grpc) {
      app.connectMicroservice(
        grpcServerOptions({
          package: spec.grpc.package,
          protoFiles: spec.grpc.protoFiles,
          port: spec.grpc.port(config),
        }),
        { inheritAppConfig: true },
      );
      await app.startAllMicroservices();
    }
    await app.listen(config.HTTP_PORT, '0.0.0.0');
    log.info(
      { http: config.HTTP_PORT, grpc: spec.grpc ? spec.grpc.port(config) : undefined },
      `${spec.name} service ready`,
    );
    handleSignals(app, config, log);
    return app;
  } catch (error) {
    log.fatal({ err: error }, `${spec.name} service failed to start`);
    process.stderr.write(`[${spec.name}] failed to start: ${(error as Error)?.message ?? error}\n`);
    process.exit(1);
  }
}

function handleSignals(
  app: INestApplication,
  config: BaseServiceConfig,
  log: ReturnType<typeof createLogger>,
): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: draining');
    app.get(HealthService).setDraining();
    const force = setTimeout(() => {
      log.error('shutdown timed out; exiting');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS);
    force.unref();
    try {
      await app.close();
      await shutdownTelemetry();
      process.exit(0);
    } catch (error) {
      log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}
