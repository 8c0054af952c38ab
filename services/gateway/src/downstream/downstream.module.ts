import {
  Global,
  Inject,
  Module,
  type DynamicModule,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import {
  caseV1,
  gridV1,
  importsV1,
  locationV1,
  peopleV1,
  protoFiles,
  sitesV1,
  unitsV1,
} from '@yiwang/contracts';
import { GrpcClient, HealthService } from '@yiwang/platform';
import type { GatewayConfig } from '../gateway.config.js';

export const CASE_CLIENT = Symbol('case-client');
export const GRID_CLIENT = Symbol('grid-client');
export const UNITS_CLIENT = Symbol('units-client');
export const LOCATION_CLIENT = Symbol('location-client');
export const PEOPLE_CLIENT = Symbol('people-client');
export const SITES_CLIENT = Symbol('sites-client');
export const IMPORTS_CLIENT = Symbol('imports-client');
export type CaseClient = GrpcClient<caseV1.CaseServiceClient>;
export type GridClient = GrpcClient<gridV1.GridServiceClient>;
export type UnitsClient = GrpcClient<unitsV1.UnitServiceClient>;
export type LocationClient = GrpcClient<locationV1.LocationServiceClient>;
export type PeopleClient = GrpcClient<peopleV1.PeopleServiceClient>;
export type SitesClient = GrpcClient<sitesV1.SiteServiceClient>;
export type ImportsClient = GrpcClient<importsV1.ImportServiceClient>;

const DOWNSTREAM_CONFIG = Symbol('downstream-config');

/** gRPC clients for the services behind the gateway, and their readiness in the gateway's own. */
class DownstreamLifecycle implements OnModuleInit, OnModuleDestroy {
  constructor(
    @Inject(DOWNSTREAM_CONFIG) private readonly config: GatewayConfig,
    @Inject(CASE_CLIENT) private readonly caseClient: CaseClient,
    @Inject(GRID_CLIENT) private readonly gridClient: GridClient,
    private readonly health: HealthService,
  ) {}

  onModuleInit(): void {
    const services: Record<string, string> = {
      case: this.config.CASE_HEALTH_URL,
      grid: this.config.GRID_HEALTH_URL,
      'party-org': this.config.PARTY_ORG_HEALTH_URL,
      volunteer: this.config.VOLUNTEER_HEALTH_URL,
      funding: this.config.FUNDING_HEALTH_URL,
    };
    for (const [name, url] of Object.entries(services)) {
      this.health.register(
        `service:${name}`,
        async () => {
          const response = await fetch(url, { signal: AbortSignal.timeout(1500) });
          const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
          if (!response.ok) return { status: 'down', detail: `HTTP ${response.status}`, checks: body.checks };
          // A degraded service (a listener being re-opened) is ready, and says what is degraded.
          return body.status === 'degraded' ? { status: 'degraded', checks: body.checks } : { status: 'up' };
        },
        { remote: true },
      );
    }
  }

  onModuleDestroy(): void {
    this.caseClient.close();
    this.gridClient.close();
  }
}

@Global()
@Module({})
export class DownstreamModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: DownstreamModule,
      providers: [
        { provide: DOWNSTREAM_CONFIG, useValue: config },
        {
          provide: CASE_CLIENT,
          useFactory: () =>
            new GrpcClient<caseV1.CaseServiceClient>({
              protoFiles: protoFiles.case,
              service: 'yiwang.case.v1.CaseService',
              address: config.CASE_GRPC_ADDR,
              deadlineMs: config.GRPC_DEADLINE_MS,
            }),
        },
        ...(
          [
            [GRID_CLIENT, 'GridService'],
            [UNITS_CLIENT, 'UnitService'],
            [LOCATION_CLIENT, 'LocationService'],
            [PEOPLE_CLIENT, 'PeopleService'],
            [SITES_CLIENT, 'SiteService'],
            [IMPORTS_CLIENT, 'ImportService'],
          ] as const
        ).map(([token, service]) => ({
          provide: token,
          useFactory: () =>
            new GrpcClient({
              protoFiles: protoFiles.grid,
              service: `yiwang.grid.v1.${service}`,
              address: config.GRID_GRPC_ADDR,
              deadlineMs: config.GRPC_DEADLINE_MS,
            }),
        })),
        DownstreamLifecycle,
      ],
      exports: [
        CASE_CLIENT,
        GRID_CLIENT,
        UNITS_CLIENT,
        LOCATION_CLIENT,
        PEOPLE_CLIENT,
        SITES_CLIENT,
        IMPORTS_CLIENT,
      ],
    };
  }
}
