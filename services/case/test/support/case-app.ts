import { protoFiles, unitPathOf } from '@yiwang/contracts';
import { DomainError, type Identity } from '@yiwang/platform';
import { createServiceTestApp, startGrpcPeer, type GrpcPeer, type ServiceTestApp } from '@yiwang/testing';
import type { CaseConfig } from '../../src/case.config.js';
import { caseServiceSpec } from '../../src/case.service-spec.js';
import { IntakeModule } from '../../src/intake/intake.module.js';
import { LifecycleModule } from '../../src/lifecycle/lifecycle.module.js';
import { RegistryClientsModule } from '../../src/registry/registry-clients.module.js';

/**
 * The case service's intake and lifecycle on this worker's database, with the registry (grid service)
 * played by an in-process gRPC peer: one private district (`9902NN`, no real division) per test file,
 * whose street has an urban-management office; a point inside the box below lies in grid G01 of the
 * community, every other point in no grid.
 */
export interface CaseFixture {
  test: ServiceTestApp<CaseConfig>;
  registry: GrpcPeer;
  district: string;
  street: string;
  community: string;
  grid: string;
  /** The street's office for street lights and parking, as the registry lists it. */
  streetOffice: string;
  /** A point inside the grid, and one outside every grid. */
  inside: { lat: number; lng: number };
  outside: { lat: number; lng: number };
  close(): Promise<void>;
}

export async function startCaseApp(): Promise<CaseFixture> {
  const district = `9902${String(10 + Math.floor(Math.random() * 90))}`;
  const street = `${district}${String(100 + Math.floor(Math.random() * 800))}`;
  const community = `${street}001`;
  const grid = `${community}-G01`;
  const streetOffice = `${street}-cgk${Math.random().toString(36).slice(2, 6)}`;
  const inside = { lat: 23.105, lng: 113.305 };
  const registry = await startGrpcPeer({
    protoFiles: protoFiles.grid,
    services: {
      'yiwang.grid.v1.LocationService': {
        resolveLocation: ({ lat, lng }: { lat: number; lng: number }) => {
          if (Math.abs(lat - inside.lat) > 0.005 || Math.abs(lng - inside.lng) > 0.005)
            throw DomainError.notFound('registry.location_outside', 'The point lies in no grid');
          return {
            location: {
              found: true,
              gridCode: grid,
              communityCode: community,
              streetCode: street,
              districtCode: district,
              path: [...unitPathOf(community), grid].join('.'),
              gridName: '一号网格',
            },
          };
        },
      },
      'yiwang.grid.v1.UnitService': {
        listDepartments: () => ({
          departments: [
            {
              code: streetOffice,
              name: '城管科',
              kind: 'urban_management',
              level: 'street',
              unitCode: street,
              parentCode: '',
              categories: ['street_light', 'illegal_parking'],
            },
          ],
        }),
      },
    },
  });
  try {
    const test = await createServiceTestApp({
      spec: caseServiceSpec,
      modules: [RegistryClientsModule, IntakeModule, LifecycleModule],
      env: { GRID_GRPC_ADDR: registry.address, GRPC_DEADLINE_MS: '2000' },
    });
    return {
      test,
      registry,
      district,
      street,
      community,
      grid,
      streetOffice,
      inside,
      outside: { lat: 30.5, lng: 114.3 },
      close: async () => {
        await test.close();
        await registry.close();
      },
    };
  } catch (error) {
    await registry.close();
    throw error;
  }
}

/** A person at a desk in a unit (null: the whole city), with permissions and maybe a department. */
export function person(
  unitCode: string | null,
  permissions: readonly string[],
  options: { department?: string; role?: string } = {},
): Identity {
  return {
    subject: `user-${Math.random().toString(36).slice(2, 10)}`,
    roles: [options.role ?? (unitCode === null ? 'city_admin' : 'street_dispatcher')],
    permissions: [...permissions],
    scopePath: unitCode === null ? null : unitPathOf(unitCode).join('.'),
    department: options.department ?? null,
    kind: 'user',
  };
}
