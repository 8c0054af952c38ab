// A process that is killed in the middle of ledger work (see ledger-crash.spec.ts). It runs the built
// platform, as a service would, and reports each step on stdout so the test knows when to kill it.
//   node crash-child.mjs <databaseUrl> <schema> <step> <json>
// Steps: `reserve-then-post` commits a reservation, then opens the posting transaction and stops inside
// it (rows written, locks held, nothing committed); `reserve-open` stops inside the reservation's own
// transaction; `reserve-only` commits a reservation and stops before posting.
import { createDataSource, Ledger } from '@yiwang/platform';

const [url, schema, step, json] = process.argv.slice(2);
const request = JSON.parse(json);
const dataSource = createDataSource({ url, schema, entities: [], migrations: [], poolSize: 2 });
await dataSource.initialize();
const ledger = new Ledger({ schema });
const say = (line) => process.stdout.write(`${line}\n`);
const forever = () => new Promise(() => setInterval(() => undefined, 60_000));

if (step === 'reserve-open') {
  await dataSource.transaction(async (m) => {
    await ledger.reserve(m, request.reservation);
    say('inside-reserve');
    await forever();
  });
}
await dataSource.transaction((m) => ledger.reserve(m, request.reservation));
say('reserved');
if (step === 'reserve-only') await forever();
await dataSource.transaction(async (m) => {
  await ledger.post(m, request.reservation.id, request.post);
  say('inside-post');
  await forever();
});
