import { Global, Inject, Module, type OnModuleDestroy } from '@nestjs/common';
import { gridV1, locationV1, protoFiles, unitsV1 } from '@yiwang/contracts';
import { CONFIG, GrpcClient } from '@yiwang/platform';
import type { CaseConfig } from '../case.config.js';

export const UNITS_CLIENT = Symbol('units-client');
export const LOCATION_CLIENT = Symbol('location-client');
export const GRID_CLIENT = Symbol('grid-client');
export type GridClient = GrpcClient<gridV1.GridServiceClient>;
export type UnitsClient = GrpcClient<unitsV1.UnitServiceClient>;
export type LocationClient = GrpcClient<locationV1.LocationServiceClient>;

class RegistryClientsLifecycle implements OnModuleDestroy {
  constructor(
    @Inject(UNITS_CLIENT) private readonly units: UnitsClient,
    @Inject(LOCATION_CLIENT) private readonly location: LocationClient,
    @Inject(GRID_CLIENT) private readonly grids: GridClient,
  ) {}

  onModuleDestroy(): void {
    this.units.close();
    this.location.close();
    this.grids.close();
  }
}

const client = (service: string) => ({
  inject: [CONFIG],
  useFactory: (config: CaseConfig) =>
    new GrpcClient({
      protoFiles: protoFiles.grid,
      service: `yiwang.grid.v1.${service}`,
      address: config.GRID_GRPC_ADDR,
      deadlineMs: config.GRPC_DEADLINE_MS,
    }),
});

/** gRPC clients for the registry (grid service): location resolution and the department tree. */
@Global()
@Module({
  providers: [
    { provide: UNITS_CLIENT, ...client('UnitService') },
    { provide: LOCATION_CLIENT, ...client('LocationService') },
    { provide: GRID_CLIENT, ...client('GridService') },
    RegistryClientsLifecycle,
  ],
  exports: [UNITS_CLIENT, LOCATION_CLIENT, GRID_CLIENT],
})
export class RegistryClientsModule {}
