import { createDataSource } from '@yiwang/platform';
import { testDatabaseUrl } from '@yiwang/testing';
import { specs } from '../service-migrations.mjs';
import { caseEntities } from '../../services/case/src/database/entities.js';
import { gridEntities } from '../../services/grid/src/database/entities.js';
import { gatewayEntities } from '../../services/gateway/src/database/entities.js';

const entitiesOf: Record<string, Function[]> = {
  case: caseEntities,
  grid: gridEntities,
  gateway: gatewayEntities,
};

/**
 * Entities and migrations must describe the same schema: a changed entity without its generated migration
 * (`npm run migration:generate -- <service> <Name>`) fails here.
 */
describe('no drift between entities and migrations', () => {
  it.each(specs.map((s) => [s.name, s] as const))('%s', async (_name, spec) => {
    const dataSource = createDataSource({
      url: testDatabaseUrl(),
      schema: spec.schema,
      entities: entitiesOf[spec.name] ?? [],
      migrations: [],
      poolSize: 1,
    });
    await dataSource.initialize();
    try {
      const pending = await dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await dataSource.destroy();
    }
  });
});
