import { Module } from '@nestjs/common';
import { IntakeModule } from './intake/intake.module.js';
import { LifecycleModule } from './lifecycle/lifecycle.module.js';
import { QueriesModule } from './queries/queries.module.js';
import { RegistryClientsModule } from './registry/registry-clients.module.js';
import { RoutingModule } from './routing/routing.module.js';

/**
 * The case service's core: intake, the lifecycle (with joint handling and merging), routing and queries,
 * each its own module; `CaseService`'s gRPC methods are split over their controllers.
 */
@Module({
  imports: [RegistryClientsModule, RoutingModule, LifecycleModule, IntakeModule, QueriesModule],
  exports: [LifecycleModule, IntakeModule],
})
export class CaseCoreModule {}
