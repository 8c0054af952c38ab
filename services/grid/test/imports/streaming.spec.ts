import { once } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileSource, IMPORT_BATCH_SIZE } from '../../src/imports/resident-import.service.js';
import { makeIdNumber } from '../../src/people/index.js';
import { SYSTEM_SCOPE } from '../../src/scope/data-scope.js';
import { pathOfCode } from '../../src/units/unit-levels.js';
import { expectConsistent, HEADER, startImports, type ImportFixture } from './import-fixture.js';

const ROWS = 200_000;
const NAMES = ['王伟', '李娜', '张敏', '刘洋', '陈静', '杨磊', '赵丽', '黄强', '周杰', '吴婷'];
const DAY = 86_400_000;

/**
 * The import streams: a 200,000-row file goes through with at most two batches read and not yet
 * committed, whatever the file's size, and memory grows far less than holding the file's rows would.
 */
describe('resident import: streaming', () => {
  let f: ImportFixture;
  let dir: string;

  beforeAll(async () => {
    f = await startImports();
    dir = mkdtempSync(join(tmpdir(), 'yiwang-import-'));
  });

  afterAll(async () => {
    if (f) {
      // 200,000 residents and their events are this file's alone: leave the worker's database lean.
      const like = `${pathOfCode(f.communityA)}%`;
      await f.dataSource.query(`DELETE FROM outbox WHERE payload->>'path' LIKE $1`, [like]);
      await f.dataSource.query(`DELETE FROM residences WHERE path LIKE $1`, [like]);
      await f.dataSource.query(`DELETE FROM residents WHERE path LIKE $1`, [like]);
      await f.dataSource.query(`DELETE FROM households WHERE path LIKE $1`, [like]);
      await f.dataSource.query(`DELETE FROM buildings WHERE path LIKE $1`, [like]);
      await f.close();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    'imports 200,000 rows holding at most two batches, with live memory flat as the file is read',
    async () => {
      const path = join(dir, 'big.csv');
      const out = createWriteStream(path);
      const write = async (line: string) => {
        if (!out.write(line)) await once(out, 'drain');
      };
      await write(`${HEADER}\n`);
      const born = Date.UTC(1930, 0, 1);
      for (let i = 0; i < ROWS; i += 1) {
        // Shenzhen Nanshan numbers: 25,000 birth days × 8 synthetic sequences, all distinct.
        const birth = new Date(born + (i % 25_000) * DAY).toISOString().slice(0, 10);
        const id = makeIdNumber('440305', birth, 900 + Math.floor(i / 25_000));
        const household = Math.floor(i / 3);
        const building = household % 500;
        await write(
          `STR-${f.street}-${household},${f.communityA},${building}栋,1,${household % 1000},` +
            `甲社区${building}栋${household % 1000},${NAMES[i % NAMES.length]},${id},` +
            `${i % 2 ? `139${String(i).padStart(8, '0')}` : ''},${i % 3 === 0 ? 'head' : 'other'}\n`,
        );
      }
      out.end();
      await once(out, 'finish');
      const size = statSync(path).size;

      // Live memory, after a full collection, at a tenth of the file and near its end: flat when only the
      // current batches are held, growing by the rows held otherwise.
      setFlagsFromString('--expose-gc');
      const gc = runInNewContext('gc') as () => void;
      const live = () => {
        gc();
        return process.memoryUsage().heapUsed;
      };
      const samples: number[] = [];
      let batches = 0;
      const report = await f.imports.import(SYSTEM_SCOPE, await fileSource(path), {
        onProgress: () => {
          batches += 1;
          if (batches === 20 || batches === 190) samples.push(live());
        },
      });
      const growth = samples[1] - samples[0];
      process.stderr.write(
        `streaming import: ${ROWS} rows, ${(size / 1e6).toFixed(1)} MB in ${(report.elapsedMs / 1000).toFixed(1)} s ` +
          `(${Math.round(ROWS / (report.elapsedMs / 1000))} rows/s), live heap ${(samples[0] / 1e6).toFixed(1)} MB ` +
          `at 10% and ${(samples[1] / 1e6).toFixed(1)} MB at 95%, max rows in flight ${report.maxRowsInFlight}\n`,
      );

      expect(report).toMatchObject({
        status: 'done',
        rowsRead: ROWS,
        rowsImported: ROWS,
        rowsFailed: 0,
        bytesRead: size,
        created: { residents: ROWS, households: Math.ceil(ROWS / 3), buildings: 500 },
      });
      expectConsistent(report);
      expect(batches).toBe(ROWS / IMPORT_BATCH_SIZE);
      // The bound that makes memory flat: never more than the batch being written and the one being read.
      expect(report.maxRowsInFlight).toBeLessThanOrEqual(2 * IMPORT_BATCH_SIZE);
      // Coarse: the 170,000 rows read in between would take far more than the file's size if they were held.
      expect(growth).toBeLessThan(size / 4);
      const [{ n }] = await f.dataSource.query(`SELECT count(*)::int AS n FROM residents WHERE path = $1`, [
        pathOfCode(f.communityA),
      ]);
      expect(n).toBe(ROWS);
    },
    10 * 60_000,
  );
});
