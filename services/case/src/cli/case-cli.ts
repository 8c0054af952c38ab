import 'reflect-metadata';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  PlatformModule,
  createLogger,
  loadServiceConfig,
  migrateService,
  setRootLogger,
} from '@yiwang/platform';
import { CalendarModule } from '../calendar/calendar.module.js';
import { caseServiceSpec } from '../case.service-spec.js';
import { CaseDemoModule } from '../demo/case-demo.module.js';
import { CaseDemoService } from '../demo/case-demo.service.js';
import { CALENDAR_USAGE, calendarCli } from './calendar-cli.js';

const USAGE = `npm run case -- <command>

  demo --district <code> [--seed N] [--count N]
                            demo cases across the demo district's grids in every lifecycle state, through
                            the real intake and actions (needs the registry demo and a running grid
                            service); deterministic from the seed, idempotent on re-run (default 300 cases)
${CALENDAR_USAGE}`;

/** \`npm run case -- …\`: the case service's command-line tools, on the same code and database. */
export async function runCaseCli(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (!command || command === 'help' || command === '--help') {
    process.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  if (command !== 'demo' && command !== 'calendar') {
    process.stderr.write(`unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }
  const config = loadServiceConfig(caseServiceSpec);
  setRootLogger(createLogger('case-cli', 'warn'));
  await migrateService(caseServiceSpec, config);

  @Module({ imports: [PlatformModule.forContext(caseServiceSpec, config), CaseDemoModule, CalendarModule] })
  class CliModule {}

  const app = await NestFactory.createApplicationContext(CliModule, { logger: ['error', 'warn'] });
  try {
    return command === 'calendar' ? await calendarCli(app, args) : await demo(app, args);
  } finally {
    await app.close();
  }
}

async function demo(app: INestApplicationContext, args: string[]): Promise<number> {
  const option = (name: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const district = option('district');
  const seed = Number(option('seed') ?? 42);
  const count = Number(option('count') ?? 300);
  if (!district || !/^[0-9]{6}$/.test(district)) {
    process.stderr.write('demo needs --district <6-digit district code>, e.g. --district 440106\n');
    return 2;
  }
  if (!Number.isInteger(seed) || !Number.isInteger(count) || count < 1 || count > 10_000) {
    process.stderr.write('--seed must be an integer and --count an integer from 1 to 10000\n');
    return 2;
  }
  const started = Date.now();
  const report = await app.get(CaseDemoService).seed({ district, seed, count }, (done) => {
    if (done % 50 === 0) process.stderr.write(`  ${done}/${count} cases\n`);
  });
  const states = Object.entries(report.byState)
    .map(([state, n]) => `${n} ${state}`)
    .join(', ');
  process.stdout.write(
    `demo cases ${district}: ${report.created} created, ${report.existing} already there ` +
      `in ${((Date.now() - started) / 1000).toFixed(1)} s\n  ${states}\n`,
  );
  return 0;
}
