// What runs where, for the scripts: the service catalogue of libs/contracts/src/catalogue/services.ts (the
// one declaration of every service), loaded from its TypeScript source. The file is plain data without
// imports, so stripping its types (swc, already a dev dependency) is all it takes; no build is needed first.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformSync } from '@swc/core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const cataloguePath = join(root, 'libs/contracts/src/catalogue/services.ts');

const { code } = transformSync(readFileSync(cataloguePath, 'utf8'), {
  filename: cataloguePath,
  jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
  module: { type: 'es6' },
});
const catalogue = await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);

/** Every service with its declaration (see ServiceDeclaration), in catalogue order. */
export const serviceCatalogue = catalogue.serviceCatalogue;

/** The launcher's rows: name, HTTP port and gRPC port (if any). */
export const services = serviceCatalogue.map((s) => ({
  name: s.name,
  http: s.http,
  ...(s.grpc ? { grpc: s.grpc.port } : {}),
}));
