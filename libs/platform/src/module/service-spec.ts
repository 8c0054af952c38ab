import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import type { EntitySchema, MixedList } from 'typeorm';
import type { z } from 'zod';
import type { BaseServiceConfig } from '../config/define-config.js';

/** Everything the platform needs to know to run a service: its name, schema, config, module and transports. */
export interface ServiceSpec<C extends BaseServiceConfig = BaseServiceConfig> {
  /** Short name: `case`, `grid`, `party-org` … */
  name: string;
  /** Its PostgreSQL schema. */
  schema: string;
  configSchema: z.ZodType<C>;
  entities: MixedList<Function | EntitySchema>;
  migrations: Function[];
  /** The service's root module, given the validated config. */
  module: (config: C) => Type | DynamicModule;
  grpc?: { package: string; protoFiles: readonly string[]; port: (config: C) => number };
  /** Largest JSON body accepted (default 1mb). */
  bodyLimit?: (config: C) => string;
  /** Middleware that must run before the body parser (so its refusals pass through it too). */
  configureEarly?: (app: INestApplication, config: C) => void | Promise<void>;
  /** Transport set-up beyond the defaults (the gateway's body limits, CORS, docs). */
  configureApp?: (app: INestApplication, config: C) => void | Promise<void>;
}
