import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import type { INestApplicationContext } from '@nestjs/common';
import { IdentityContext, isDomainError, serviceIdentity } from '@yiwang/platform';
import { CalendarService } from '../calendar/calendar.service.js';

export const CALENDAR_USAGE = `  calendar list             years with their active version (built-in, loaded or missing) and the warning
  calendar show <year> [version]
                            the year's holidays and adjusted working days
  calendar load <file> --reason <why> [--activate] [--by <name>]
                            validate a year's notice (JSON or YAML, services/case/CALENDAR.md) and store it
                            as a new version; --activate makes it count and recomputes running deadlines
  calendar activate <year> <version> --reason <why> [--by <name>]
                            make a version count (0: the built-in one) and recompute running deadlines
  calendar diff <year> <from> <to>
                            days that change between two versions
`;

/** `npm run case -- calendar …`, as the operator running it (recorded with every change). */
export async function calendarCli(app: INestApplicationContext, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const option = (name: string) => {
    const i = rest.indexOf(`--${name}`);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  const positional = rest.filter((arg, i) => !arg.startsWith('--') && !rest[i - 1]?.startsWith('--'));
  const operator = userInfo().username;
  const identity = { ...serviceIdentity('case'), subject: `cli:${operator}` };
  const calendar = app.get(CalendarService);
  const out = (line: string) => process.stdout.write(`${line}\n`);
  try {
    return await IdentityContext.run(identity, async () => {
      switch (sub) {
        case 'list': {
          const status = await calendar.status();
          for (const y of await calendar.years()) {
            out(
              `${y.year}  v${y.activeVersion}  ${y.status.padEnd(8)} ${String(y.holidayDays).padStart(2)} days off, ` +
                `${y.workdays} adjusted working days, ${y.versions} loaded version(s)`,
            );
          }
          out(
            status.nextYearMissing
              ? `WARNING: ${status.nextYear} has no holiday arrangement (${status.daysUntilNextYear} days left); ` +
                  `${status.provisionalClocks} running deadline(s) count its holidays as working days`
              : `${status.nextYear}: ${status.nextYearLoaded ? 'loaded' : `not loaded (warning from ${status.warnFrom})`}`,
          );
          return 0;
        }
        case 'show': {
          const year = Number(positional[0]);
          const version = positional[1] === undefined ? undefined : Number(positional[1]);
          const view = await calendar.year(year, version);
          out(
            `${view.year} v${view.version} (${view.origin}${view.active ? ', active' : ''}) ${view.source ?? ''}`,
          );
          if (!view.data) out('  no arrangement: weekends only');
          for (const h of view.data?.holidays ?? []) out(`  ${h.name}  ${h.from} – ${h.to}`);
          for (const w of view.data?.workdays ?? [])
            out(`  调休上班 ${w.date}${w.holiday ? ` (${w.holiday})` : ''}`);
          return 0;
        }
        case 'load': {
          const file = positional[0];
          if (!file) return usage('load needs a file');
          const loaded = await calendar.load({
            document: readFileSync(file, 'utf8'),
            reason: option('reason') ?? '',
            actorName: option('by') ?? operator,
            activate: rest.includes('--activate'),
          });
          const v = loaded.version;
          out(
            `${v.year} v${v.version} ${loaded.created ? 'stored' : 'already stored (same days)'}` +
              (v.active ? ', active' : ', not active (activate it to make it count)'),
          );
          if (loaded.job) out(`recomputing running deadlines of ${v.year}: job ${loaded.job.id}`);
          return 0;
        }
        case 'activate': {
          const [year, version] = positional.map(Number);
          const change = await calendar.activate({
            year,
            version,
            reason: option('reason') ?? '',
            actorName: option('by') ?? operator,
          });
          out(
            `${year} v${version} active (was v${change.activation.previousVersion}); recompute job ${change.job.id}`,
          );
          return 0;
        }
        case 'diff': {
          const [year, from, to] = positional.map(Number);
          const changes = await calendar.diff(year, from, to);
          for (const c of changes) {
            out(
              `${c.date}  ${c.before}${c.beforeName ? ` (${c.beforeName})` : ''} → ${c.after}${c.afterName ? ` (${c.afterName})` : ''}`,
            );
          }
          out(`${changes.length} day(s) change`);
          return 0;
        }
        default:
          return usage(`unknown calendar command "${sub ?? ''}"`);
      }
    });
  } catch (error) {
    if (!isDomainError(error)) throw error;
    process.stderr.write(`${error.code}: ${error.message}\n`);
    for (const d of error.details) process.stderr.write(`  ${d.field ?? ''}: ${d.message}\n`);
    return 1;
  }
}

function usage(problem: string): number {
  process.stderr.write(`${problem}\n\n${CALENDAR_USAGE}`);
  return 2;
}
