import { z } from 'zod';
import { ServiceProcess } from '@yiwang/testing';
import { startGateway, type GatewayOnly } from './gateway-only.js';
import { startPlatform, type PlatformStack } from './platform-stack.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the document and answers are walked as JSON
type Json = Record<string, any>;

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Every operation of the document as `METHOD /path` with its object. */
function operations(document: Json): [string, Json][] {
  return Object.entries(document.paths as Record<string, Json>).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map(
      (m) => [`${m.toUpperCase()} ${path}`, item[m] as Json] as [string, Json],
    ),
  );
}

/** The schema of an operation's success answer, or why there is none. */
function successSchema(operation: Json): { status: string; schema?: Json; media?: string } | null {
  const [status, response] =
    Object.entries(operation.responses as Record<string, Json>).find(([s]) => s.startsWith('2')) ?? [];
  if (!status) return null;
  if (status === '204') return { status };
  const [media, content] = Object.entries((response?.content ?? {}) as Record<string, Json>)[0] ?? [];
  return content?.schema ? { status, schema: content.schema as Json, media } : null;
}

/** The document's components as `$defs`, so one answer schema validates on its own (zod's JSON Schema reader). */
function validatorFor(document: Json, schema: Json): z.ZodType {
  const local = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(local)
      : value && typeof value === 'object'
        ? Object.fromEntries(
            Object.entries(value).map(([key, inner]) => [
              key,
              key === '$ref' ? String(inner).replace('#/components/schemas/', '#/$defs/') : local(inner),
            ]),
          )
        : value;
  return z.fromJSONSchema({ ...(local(schema) as Json), $defs: local(document.components.schemas) as Json });
}

/** Object schemas that would let an undocumented property through (additionalProperties not closed). */
function openObjects(schema: unknown, at: string, out: string[] = []): string[] {
  if (Array.isArray(schema)) schema.forEach((s, i) => openObjects(s, `${at}[${i}]`, out));
  else if (schema && typeof schema === 'object') {
    const node = schema as Json;
    if (node.type === 'object' && node.properties && node.additionalProperties !== false) out.push(at);
    for (const [key, inner] of Object.entries(node)) openObjects(inner, `${at}/${key}`, out);
  }
  return out;
}

/**
 * The API document is a contract: every operation says what it answers, every object it answers is closed,
 * and real answers match it exactly. The gateway runs with API_RESPONSE_CHECK=enforce in every e2e suite
 * (an answer breaking its route's schema is a 500 there); the suites below check the published document itself,
 * the last one against real answers with a JSON Schema reader independent of the gateway's zod schemas.
 */
describe('the API document', () => {
  let gateway: GatewayOnly;
  let document: Json;

  beforeAll(async () => {
    gateway = await startGateway('contract-doc');
    document = (await (await fetch(`${gateway.url}/api/openapi.json`)).json()) as Json;
  }, 120_000);

  afterAll(async () => {
    await gateway?.stop();
  });

  it('documents a success answer with a schema for every operation (or 204 without a body)', () => {
    const all = operations(document);
    expect(all.length).toBeGreaterThanOrEqual(72);
    const undocumented = all.filter(([, op]) => successSchema(op) === null).map(([name]) => name);
    expect(undocumented).toEqual([]);
  });

  it('closes every object a JSON answer can hold, so an undocumented property is an error', () => {
    const open = operations(document).flatMap(([name, op]) => {
      const success = successSchema(op);
      return success?.schema && success.media === 'application/json' ? openObjects(success.schema, name) : [];
    });
    // Problem details are open by design: RFC 9457 lets a problem carry extension members (allowedActions …).
    const { Problem: _problem, ...answers } = document.components.schemas as Json;
    expect([...open, ...openObjects(answers, 'components')]).toEqual([]);
  });
});

describe('real answers against the API document', () => {
  let platform: PlatformStack;
  let document: Json;
  let admin: string;

  beforeAll(async () => {
    platform = await startPlatform('contract');
    const demo = ServiceProcess.start('grid', platform.env, 'cli.js', [
      'demo',
      '--district',
      '440106',
      '--streets',
      '1',
    ]);
    expect(await demo.exited()).toBe(0);
    document = (await (await fetch(`${platform.gateway}/api/openapi.json`)).json()) as Json;
    admin = await platform.tokenFor('district_admin', '440106');
  }, 240_000);

  afterAll(async () => {
    await platform?.stop();
  });

  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${platform.gateway}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${admin}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Json };
  };

  it('answers exactly what the document says, for reads and writes across the API', async () => {
    const seen: string[] = [];
    const check = async (method: string, template: string, path: string, body?: unknown) => {
      const answer = await call(method, path, body);
      const operation = document.paths[template][method.toLowerCase()] as Json;
      const success = successSchema(operation)!;
      expect([`${method} ${path}`, answer.status]).toEqual([`${method} ${path}`, Number(success.status)]);
      const result = validatorFor(document, success.schema!).safeParse(answer.body);
      expect([`${method} ${path}`, result.error?.issues ?? []]).toEqual([`${method} ${path}`, []]);
      seen.push(`${method} ${template}`);
      return answer.body;
    };

    await check('GET', '/api/v1/auth/me', '/api/v1/auth/me');
    await check('GET', '/api/v1/ui/config', '/api/v1/ui/config');
    const units = await check(
      'GET',
      '/api/v1/registry/units',
      '/api/v1/registry/units?parent=440106&limit=5',
    );
    const street = units.items[0].code as string;
    await check('GET', '/api/v1/registry/units/{code}', `/api/v1/registry/units/${street}`);
    const communities = await check(
      'GET',
      '/api/v1/registry/units',
      `/api/v1/registry/units?parent=${street}`,
    );
    const community = communities.items[0].code as string;
    await check('GET', '/api/v1/registry/departments', `/api/v1/registry/departments?unit=${street}`);
    await check('GET', '/api/v1/registry/grid-types', '/api/v1/registry/grid-types');
    const grids = await check(
      'GET',
      '/api/v1/registry/grids',
      `/api/v1/registry/grids?unit=${community}&boundary=true&limit=2`,
    );
    const grid = grids.items[0] as Json;
    await check('GET', '/api/v1/registry/grids/{code}', `/api/v1/registry/grids/${grid.code}?boundary=true`);
    await check('GET', '/api/v1/registry/staffing-report', `/api/v1/registry/staffing-report?unit=${street}`);
    const buildings = await check(
      'GET',
      '/api/v1/registry/buildings',
      `/api/v1/registry/buildings?community=${community}&limit=2`,
    );
    await check(
      'GET',
      '/api/v1/registry/buildings/{id}',
      `/api/v1/registry/buildings/${buildings.items[0].id}`,
    );
    const residents = await check(
      'GET',
      '/api/v1/registry/residents',
      `/api/v1/registry/residents?unit=${community}&limit=2`,
    );
    await check(
      'GET',
      '/api/v1/registry/residents/{id}',
      `/api/v1/registry/residents/${residents.items[0].id}`,
    );
    await check(
      'GET',
      '/api/v1/registry/households/{id}',
      `/api/v1/registry/households/${residents.items[0].householdId}`,
    );
    await check(
      'GET',
      '/api/v1/registry/coverage',
      `/api/v1/registry/coverage?unit=${community}&uncoveredLimit=3`,
    );
    await check('GET', '/api/v1/registry/sites', `/api/v1/registry/sites?unit=${street}`);

    await check('GET', '/api/v1/cases/categories', '/api/v1/cases/categories');
    const ring =
      grid.polygon.type === 'Polygon' ? grid.polygon.coordinates[0] : grid.polygon.coordinates[0][0];
    const [lng, lat] = ring[0] as [number, number];
    await check('GET', '/api/v1/registry/locate', `/api/v1/registry/locate?lat=${lat}&lng=${lng}`);
    const created = await check('POST', '/api/v1/cases', '/api/v1/cases', {
      title: '路灯不亮',
      category: 'street_light',
      channel: 'grid_worker',
      unitCode: grid.code,
      location: { lat, lng },
    });
    // A case with a location is where the internal `_location` of a proto3 optional field once leaked.
    expect(created.location).not.toBeNull();
    await check('POST', '/api/v1/cases/{id}/actions', `/api/v1/cases/${created.id}/actions`, {
      action: 'register',
    });
    await check('GET', '/api/v1/cases/{id}', `/api/v1/cases/${created.id}`);
    await check('GET', '/api/v1/cases', '/api/v1/cases?limit=3');
    await check('GET', '/api/v1/cases/{id}/attachments', `/api/v1/cases/${created.id}/attachments`);
    const today = new Date().toISOString().slice(0, 10);
    await check('GET', '/api/v1/assessment', `/api/v1/assessment?unit=${street}&from=2026-01-01&to=${today}`);
    await check('GET', '/api/v1/audit', '/api/v1/audit?limit=3');
    expect(seen.length).toBe(26);
  }, 120_000);
});
