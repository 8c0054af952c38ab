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
import { gridServiceSpec } from '../grid.service-spec.js';
import { DemoModule } from '../demo/demo.module.js';
import { DemoGeneratorService } from '../demo/demo-generator.service.js';
import { UnitsModule } from '../units/units.module.js';
import { DivisionImportService } from '../units/division-import.service.js';
import { ImportsModule } from '../imports/imports.module.js';
import { importCommand, IMPORT_USAGE } from './import-command.js';
import { Progress } from './progress.js';

const USAGE = `npm run registry -- <command>

  import-divisions <code>   load a province (44), city (4401) or district (440106) from the national
                            division codes, with every street and community below it; idempotent
${IMPORT_USAGE}  demo --district <code> [--seed N] [--streets N]
                            a demo district: synthetic geography and grids, staff, buildings, households,
                            residents (synthetic ID numbers), service sites; deterministic, idempotent
`;

/** `npm run registry -- …`: the registry's command-line tools, on the same code and database as the service. */
export async function runRegistryCli(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (!command || command === 'help' || command === '--help') {
    process.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  const config = loadServiceConfig(gridServiceSpec);
  setRootLogger(createLogger('grid-cli', 'warn'));
  await migrateService(gridServiceSpec, config);

  @Module({
    imports: [PlatformModule.forContext(gridServiceSpec, config), UnitsModule, DemoModule, ImportsModule],
  })
  class CliModule {}

  const app = await NestFactory.createApplicationContext(CliModule, { logger: ['error', 'warn'] });
  try {
    switch (command) {
      case 'import-divisions':
        return await importDivisions(app, args);
      case 'import':
        return await importCommand(app, args);
      case 'demo':
        return await demo(app, args);
      default:
        process.stderr.write(`unknown command "${command}"\n\n${USAGE}`);
        return 2;
    }
  } finally {
    await app.close();
  }
}

async function importDivisions(app: INestApplicationContext, args: string[]): Promise<number> {
  const code = args[0];
  if (!code) {
    process.stderr.write('import-divisions needs a division code, e.g. 4401\n');
    return 2;
  }
  const progress = new Progress('divisions');
  const report = await app.get(DivisionImportService).import(code, (seen) => progress.update(seen));
  progress.done();
  const levels = Object.entries(report.byLevel)
    .map(([level, n]) => `${n} ${level}`)
    .join(', ');
  process.stdout.write(
    `${code}: ${levels}\n  created ${report.created}, updated ${report.updated}, unchanged ${report.unchanged}\n`,
  );
  return 0;
}

async function demo(app: INestApplicationContext, args: string[]): Promise<number> {
  const option = (name: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const district = option('district');
  if (!district || !/^[0-9]{6}$/.test(district)) {
    process.stderr.write('demo needs --district <6-digit district code>, e.g. --district 440106\n');
    return 2;
  }
  const started = Date.now();
  const report = await app.get(DemoGeneratorService).generate(
    {
      district,
      seed: Number(option('seed') ?? 42),
      streets: option('streets') ? Number(option('streets')) : undefined,
    },
    (message) => process.stderr.write(`  ${message}\n`),
  );
  process.stdout.write(
    `demo ${district}: ${report.streets} streets, ${report.communities} communities, ${report.grids} new grids, ` +
      `${report.buildings} buildings, ${report.households} households, ${report.residents} new residents, ` +
      `${report.sites} service sites in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
  return 0;
}
