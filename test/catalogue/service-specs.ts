import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { serviceCatalogue } from '@yiwang/contracts';
import type { ServiceSpec } from '@yiwang/platform';
import { repoRoot } from '@yiwang/testing';

/** Folders under services/ (each one a service, whether or not the catalogue knows it). */
export function serviceFolders(): string[] {
  return readdirSync(join(repoRoot, 'services'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(repoRoot, 'services', d.name, 'package.json')))
    .map((d) => d.name)
    .sort();
}

/**
 * Every catalogued service's ServiceSpec, from `services/<name>/src/<name>.service-spec.ts` (the export
 * whose `name` is the service's): the specs the services run with, not a copy of their entities.
 */
export async function loadServiceSpecs(): Promise<Map<string, ServiceSpec<never>>> {
  const specs = new Map<string, ServiceSpec<never>>();
  for (const { name } of serviceCatalogue) {
    const file = join(repoRoot, 'services', name, 'src', `${name}.service-spec.ts`);
    if (!existsSync(file)) throw new Error(`services/${name} has no src/${name}.service-spec.ts`);
    const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    const spec = Object.values(module).find(
      (value): value is ServiceSpec<never> =>
        typeof value === 'object' && value !== null && (value as { name?: unknown }).name === name,
    );
    if (!spec) throw new Error(`${file} exports no ServiceSpec named ${name}`);
    specs.set(name, spec);
  }
  return specs;
}
