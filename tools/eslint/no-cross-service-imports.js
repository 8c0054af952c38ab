// Services own their data and talk only through NATS and gRPC contracts: a service may not import another
// service, and a library may not import any service. Both relative paths and package names are checked.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Package names of the services: every folder under services/ with a package.json (no list to keep). */
const servicesDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../services');
const SERVICES = new Set(
  readdirSync(servicesDir).filter((name) => existsSync(join(servicesDir, name, 'package.json'))),
);

/** `{ kind: 'service' | 'lib', name }` for a file inside services/<name>/ or libs/<name>/, else null. */
export function ownerOf(file, root) {
  const parts = relative(root, file).split(sep);
  if (parts[0] === 'services' && parts[1]) return { kind: 'service', name: parts[1] };
  if (parts[0] === 'libs' && parts[1]) return { kind: 'lib', name: parts[1] };
  return null;
}

function targetOf(source, file, root) {
  if (source.startsWith('.')) return ownerOf(resolve(dirname(file), source), root);
  const match = /^@yiwang\/([^/]+)/.exec(source);
  if (!match) return null;
  return SERVICES.has(match[1]) ? { kind: 'service', name: match[1] } : { kind: 'lib', name: match[1] };
}

export const noCrossServiceImports = {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid a service importing another service, and a library importing a service' },
    schema: [],
    messages: {
      serviceToService:
        'Service "{{from}}" must not import service "{{to}}": use its gRPC contract or NATS events from @yiwang/contracts.',
      libToService: 'Library "{{from}}" must not import service "{{to}}": libraries sit below every service.',
    },
  },
  create(context) {
    const root = context.cwd;
    const from = ownerOf(context.filename, root);
    if (!from) return {};
    const check = (node, source) => {
      if (typeof source !== 'string') return;
      const to = targetOf(source, context.filename, root);
      if (!to || to.kind !== 'service') return;
      if (from.kind === 'lib')
        context.report({ node, messageId: 'libToService', data: { from: from.name, to: to.name } });
      else if (from.name !== to.name) {
        context.report({ node, messageId: 'serviceToService', data: { from: from.name, to: to.name } });
      }
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};

export const yiwangPlugin = { rules: { 'no-cross-service-imports': noCrossServiceImports } };
