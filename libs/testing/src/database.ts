import pg from 'pg';
import { testDatabaseUrl } from './environment.js';

/** A plain pg pool on this worker's database, for arranging and asserting outside the code under test. */
export function testPool(): pg.Pool {
  return new pg.Pool({ connectionString: testDatabaseUrl(), max: 4 });
}
