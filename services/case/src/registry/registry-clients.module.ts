import { Global, Module } from '@nestjs/common';
import type { gridV1, locationV1, unitsV1 } from '@yiwang/contracts';
import {
  catalogueClientExports,
  catalogueClientProviders,
  grpcClientToken,
  type GrpcClient,
} from '@yiwang/platform';

export const UNITS_CLIENT = grpcClientToken('case', 'grid', 'UnitService');
export const LOCATION_CLIENT = grpcClientToken('case', 'grid', 'LocationService');
export const GRID_CLIENT = grpcClientToken('case', 'grid', 'GridService');
export type GridClient = GrpcClient<gridV1.GridServiceClient>;
export type UnitsClient = GrpcClient<unitsV1.UnitServiceClient>;
export type LocationClient = GrpcClient<locationV1.LocationServiceClient>;

/**
 * gRPC clients for the registry (grid service): location resolution and the department tree. Made the way
 * the gateway makes its own, from the catalogue's `calls` of `case` (one client per gRPC service of grid, at
 * GRID_GRPC_ADDR), and closed together on shutdown by CatalogueClients.
 */
@Global()
@Module({
  providers: catalogueClientProviders('case'),
  exports: catalogueClientExports('case'),
})
export class RegistryClientsModule {}
