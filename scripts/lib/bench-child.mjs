// Runs one benchmark module: `export default async function run(ctx)` returning rows of
// { name, value, unit, floor?, note? }. Prints a table and writes the JSON file the runner names.
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { pathToFileURL } from 'node:url';

const [file, out] = process.argv.slice(2);
const { default: run, description } = await import(pathToFileURL(file).href);
const rows = await run({
  databaseUrl: process.env.BENCH_DATABASE_URL,
  natsUrl: process.env.BENCH_NATS_URL,
  scale: Number(process.env.BENCH_SCALE ?? 1),
  log: (m) => process.stderr.write(`  ${m}\n`),
});
const table = rows.map((r) => ({
  measure: r.name,
  value: Number(r.value.toFixed(2)),
  unit: r.unit,
  floor: r.floor === undefined ? '' : Number(r.floor.toFixed(2)),
  ratio: r.floor ? `${((r.value / r.floor) * 100).toFixed(1)}%` : '',
  note: r.note ?? '',
}));
if (description) console.log(description);
console.table(table);
writeFileSync(
  out,
  JSON.stringify(
    {
      file,
      at: new Date().toISOString(),
      node: process.version,
      cpus: cpus().length,
      memory: totalmem(),
      rows,
    },
    null,
    2,
  ),
);
process.exit(0);
