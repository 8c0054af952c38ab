import { Global, Inject, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import {
  downstreamServices,
  type caseAssessmentV1,
  type caseAttachmentsV1,
  type caseCalendarV1,
  type caseResponsibilityV1,
  type caseV1,
  type gridV1,
  type importsV1,
  type locationV1,
  type peopleV1,
  type sitesV1,
  type unitsV1,
} from '@yiwang/contracts';
import {
  HealthService,
  catalogueClientExports,
  catalogueClientProviders,
  type GrpcClient,
} from '@yiwang/platform';
import type { GatewayConfig } from '../gateway.config.js';
import { downstreamClientToken } from './downstream-clients.js';

export const CASE_CLIENT = downstreamClientToken('case', 'CaseService');
export const ASSESSMENT_CLIENT = downstreamClientToken('case', 'AssessmentService');
export const ATTACHMENTS_CLIENT = downstreamClientToken('case', 'CaseAttachmentService');
export const CALENDAR_CLIENT = downstreamClientToken('case', 'CalendarService');
export const RESPONSIBILITY_CLIENT = downstreamClientToken('case', 'ResponsibilityService');
export const GRID_CLIENT = downstreamClientToken('grid', 'GridService');
export const UNITS_CLIENT = downstreamClientToken('grid', 'UnitService');
export const LOCATION_CLIENT = downstreamClientToken('grid', 'LocationService');
export const PEOPLE_CLIENT = downstreamClientToken('grid', 'PeopleService');
export const SITES_CLIENT = downstreamClientToken('grid', 'SiteService');
export const IMPORTS_CLIENT = downstreamClientToken('grid', 'ImportService');
export type CaseClient = GrpcClient<caseV1.CaseServiceClient>;
export type AssessmentClient = GrpcClient<caseAssessmentV1.AssessmentServiceClient>;
export type AttachmentsClient = GrpcClient<caseAttachmentsV1.CaseAttachmentServiceClient>;
export type CalendarClient = GrpcClient<caseCalendarV1.CalendarServiceClient>;
export type ResponsibilityClient = GrpcClient<caseResponsibilityV1.ResponsibilityServiceClient>;
export type GridClient = GrpcClient<gridV1.GridServiceClient>;
export type UnitsClient = GrpcClient<unitsV1.UnitServiceClient>;
export type LocationClient = GrpcClient<locationV1.LocationServiceClient>;
export type PeopleClient = GrpcClient<peopleV1.PeopleServiceClient>;
export type SitesClient = GrpcClient<sitesV1.SiteServiceClient>;
export type ImportsClient = GrpcClient<importsV1.ImportServiceClient>;

const DOWNSTREAM_CONFIG = Symbol('downstream-config');

/** The readiness of every service behind the gateway (service catalogue) in the gateway's own. */
class DownstreamHealth implements OnModuleInit {
  constructor(
    @Inject(DOWNSTREAM_CONFIG) private readonly config: GatewayConfig,
    private readonly health: HealthService,
  ) {}

  onModuleInit(): void {
    for (const service of downstreamServices) {
      const url = this.config[service.healthEnv];
      this.health.register(
        `service:${service.name}`,
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
}

/**
 * gRPC clients for the services behind the gateway and their readiness. Every client comes from one
 * CatalogueClients (libs/platform: built from the catalogue, closed together on shutdown); no feature module
 * builds its own: they inject the tokens above.
 */
@Global()
@Module({})
export class DownstreamModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: DownstreamModule,
      providers: [
        { provide: DOWNSTREAM_CONFIG, useValue: config },
        ...catalogueClientProviders('gateway', config),
        DownstreamHealth,
      ],
      exports: catalogueClientExports('gateway'),
    };
  }
}
