import { serviceCatalogue } from '@yiwang/contracts';
import { createDataSource, type ServiceSpec } from '@yiwang/platform';
import { testDatabaseUrl } from '@yiwang/testing';
import { loadServiceSpecs, serviceFolders } from '../catalogue/service-specs.js';

const specs = await loadServiceSpecs();

/**
 * Entities and migrations must describe the same schema: a changed entity without its generated migration
 * (`npm run migration:generate -- <service> <Name>`) fails here. Every service of the catalogue is checked
 * with the entities of its own ServiceSpec, so no service's entities go unchecked.
 */
describe('no drift between entities and migrations', () => {
  it('covers every service: each folder under services/ is catalogued and has a spec', () => {
    expect(serviceFolders()).toEqual(serviceCatalogue.map((s) => s.name).sort());
    expect([...specs.keys()]).toEqual(serviceCatalogue.map((s) => s.name));
  });

  it.each(serviceCatalogue.map((s) => [s.name, s.schema] as const))('%s', async (name, schema) => {
    const spec: ServiceSpec<never> = specs.get(name)!;
    expect(spec.schema).toBe(schema);
    const dataSource = createDataSource({
      url: testDatabaseUrl(),
      schema: spec.schema,
      entities: spec.entities,
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
