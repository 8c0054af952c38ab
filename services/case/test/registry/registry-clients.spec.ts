import { calleesOf } from '@yiwang/contracts';
import { CatalogueClients, GrpcClient } from '@yiwang/platform';
import { CaseLocationService } from '../../src/intake/case-location.service.js';
import { LOCATION_CLIENT, UNITS_CLIENT } from '../../src/registry/registry-clients.module.js';
import { person, startCaseApp } from '../support/case-app.js';

/**
 * The case service's registry clients come from the catalogue the way the gateway's do: one per gRPC
 * service of each service `case` calls (grid: six), at GRID_GRPC_ADDR, and all closed on shutdown.
 */
describe('case registry clients', () => {
  it('one per catalogued gRPC service of grid, answering over gRPC, every one closed on shutdown', async () => {
    const expected = calleesOf('case').flatMap((s) => s.grpc.services.map((g) => `${s.grpc.package}.${g}`));
    expect(expected).toEqual([
      'yiwang.grid.v1.GridService',
      'yiwang.grid.v1.UnitService',
      'yiwang.grid.v1.LocationService',
      'yiwang.grid.v1.PeopleService',
      'yiwang.grid.v1.ImportService',
      'yiwang.grid.v1.SiteService',
    ]);

    const openBefore = GrpcClient.openCount();
    const f = await startCaseApp();
    let clients: GrpcClient<unknown>[];
    let opened: number;
    try {
      clients = f.test.get(CatalogueClients).all();
      opened = GrpcClient.openCount() - openBefore;
      // The tokens the features inject are the catalogue's clients, not copies.
      expect(f.test.get<GrpcClient<unknown>>(LOCATION_CLIENT)).toBe(
        clients.find((c) => c.service === 'yiwang.grid.v1.LocationService'),
      );
      expect(f.test.get<GrpcClient<unknown>>(UNITS_CLIENT).service).toBe('yiwang.grid.v1.UnitService');
      // The location client reaches the registry peer at GRID_GRPC_ADDR.
      const placed = await f.test.as(person(f.community, ['case:report']), () =>
        f.test.get(CaseLocationService).unitOf(undefined, f.inside),
      );
      expect(placed.unitCode).toBe(f.grid);
    } finally {
      await f.close();
    }
    expect(clients.map((c) => c.service)).toEqual(expected);
    // Nothing else in the modules under test opened a client of its own.
    expect(opened).toBe(expected.length);
    expect(clients.filter((c) => !c.closed).map((c) => c.service)).toEqual([]);
    expect(GrpcClient.openCount()).toBe(openBefore);
  });
});
