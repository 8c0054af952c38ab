import type { DataSource } from 'typeorm';
import { ImportJobsService } from '../../src/imports/import-jobs.service.js';
import { ImportsModule } from '../../src/imports/imports.module.js';
import { ResidentImportService, type ImportReport } from '../../src/imports/resident-import.service.js';
import { makeIdNumber, PiiCipher } from '../../src/people/index.js';
import { addGrid } from '../people-integration/people-fixture.js';
import {
  openRegistryDatabase,
  seedUnits,
  startRegistryApp,
  type RegistryTestApp,
} from '../support/registry-app.js';

/**
 * A private corner of the tree for one import test file (district `9903NN`, which no real division
 * uses): street S with community A (a boundary: new buildings go to its centre), community B (grids, no
 * boundary) and community Bare (neither), and community Other under another street. The imports
 * feature is wired by Nest over this worker's database with fresh personal-data keys.
 */
export interface ImportFixture {
  app: RegistryTestApp;
  dataSource: DataSource;
  imports: ResidentImportService;
  jobs: ImportJobsService;
  cipher: PiiCipher;
  district: string;
  street: string;
  communityA: string;
  communityB: string;
  communityBare: string;
  communityOther: string;
  gridB1: string;
  close(): Promise<void>;
}

export const BOUNDARY_A = {
  type: 'Polygon',
  coordinates: [
    [
      [113.3, 23.1],
      [113.32, 23.1],
      [113.32, 23.12],
      [113.3, 23.12],
      [113.3, 23.1],
    ],
  ],
};

export async function startImports(options: { grpcPort?: number } = {}): Promise<ImportFixture> {
  const district = `9903${String(10 + Math.floor(Math.random() * 90))}`;
  const street = `${district}${String(100 + Math.floor(Math.random() * 800))}`;
  const otherStreet = `${district}${String(Number(street.slice(6)) + 100)}`;
  const codes = {
    communityA: `${street}001`,
    communityB: `${street}002`,
    communityBare: `${street}003`,
    communityOther: `${otherStreet}001`,
  };
  const dataSource = await openRegistryDatabase('imports-test');
  try {
    await seedUnits(dataSource, [
      ['99', '测试省'],
      ['9903', '测试市'],
      [district, '导入区'],
      [street, '导入街道'],
      [otherStreet, '另一街道'],
      [codes.communityA, '甲社区', BOUNDARY_A],
      [codes.communityB, '乙社区'],
      [codes.communityBare, '丙社区'],
      [codes.communityOther, '丁社区'],
    ]);
    const gridB1 = await addGrid(dataSource, codes.communityB, 'G01');
    const app = await startRegistryApp(dataSource, ImportsModule, {
      grpcPort: options.grpcPort,
    });
    return {
      app,
      dataSource,
      imports: app.get(ResidentImportService),
      jobs: app.get(ImportJobsService),
      cipher: app.get(PiiCipher),
      district,
      street,
      ...codes,
      gridB1,
      close: async () => {
        await app.close();
        await dataSource.destroy();
      },
    };
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
}

let people = 0;
const REGIONS = ['370102', '370103', '370104', '370105', '370112', '110105', '110106', '310104', '310105'];
const region = REGIONS[Math.floor(Math.random() * REGIONS.length)];
const fileSequence = 900 + Math.floor(Math.random() * 100);
const fileSeed = Math.floor(Math.random() * 20_000);
/**
 * A valid ID number no other test file is likely to use: a random region, synthetic sequence and
 * start day per file, then consecutive days.
 */
export function idNumber(): string {
  people += 1;
  const day = (fileSeed + people) % 36_000;
  const birth = new Date(Date.UTC(1920, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
  return makeIdNumber(region, birth, fileSequence);
}

/** An ID number with a real check character but an impossible birth date (Feb 30). */
export function idNumberWithBadDate(): string {
  const body = `37010219900230${String(900 + Math.floor(Math.random() * 99)).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return body + '10X98765432'[sum % 11];
}

/** The same number with a wrong check character. */
export function withBadChecksum(id: string): string {
  const last = id[17] === '0' ? '1' : '0';
  return id.slice(0, 17) + last;
}

export type Row = {
  household_no: string;
  community_code: string;
  building?: string;
  entrance?: string;
  room?: string;
  address: string;
  name: string;
  id_number: string;
  phone?: string;
  relation?: string;
};

export const HEADER =
  'household_no,community_code,building,entrance,room,address,name,id_number,phone,relation';

/** A CSV line for a row, quoting what needs it. */
export function csvLine(row: Row): string {
  const cells = [
    row.household_no,
    row.community_code,
    row.building ?? '',
    row.entrance ?? '',
    row.room ?? '',
    row.address,
    row.name,
    row.id_number,
    row.phone ?? '',
    row.relation ?? '',
  ];
  return cells.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');
}

/** The counters every finished job must satisfy. */
export function expectConsistent(report: ImportReport): void {
  expect(report.rowsImported + report.rowsUnchanged + report.rowsFailed).toBe(report.rowsRead);
}
