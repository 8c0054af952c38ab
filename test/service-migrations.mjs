// Every service's schema and migrations, from the service catalogue and the built packages (npm test builds
// before running jest): `services/<name>/dist/database/migrations/index.js` of each catalogued service.
// This file sits outside libs/ and services/, so it may know every service.
import { serviceCatalogue } from '../scripts/lib/services.mjs';

export const specs = await Promise.all(
  serviceCatalogue.map(async ({ name, schema }) => {
    const module = await import(`../services/${name}/dist/database/migrations/index.js`);
    const migrations = Object.values(module).find(Array.isArray);
    if (!migrations) throw new Error(`services/${name}: its migrations index exports no list`);
    return { name, schema, entities: [], migrations };
  }),
);
