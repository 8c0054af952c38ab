import fc from 'fast-check';
import { Validator } from '@seriousme/openapi-schema-validator';
import { ServiceProcess } from '@yiwang/testing';
import { startPlatform, type PlatformStack } from './platform-stack.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the OpenAPI document is walked generically
type Json = Record<string, any>;

/** Runs per route and seed: `FUZZ_RUNS_PER_ROUTE=50 FUZZ_SEED=7 npm test -- gateway-fuzz`. */
const RUNS = Number(process.env.FUZZ_RUNS_PER_ROUTE ?? 12);
const SEED = Number(process.env.FUZZ_SEED ?? 20261122);

interface Operation {
  method: string;
  path: string;
  op: Json;
}

const HOSTILE = [
  '../../../etc/passwd',
  '..%2F..%2Fetc%2Fpasswd',
  "' OR '1'='1' --",
  '1; DROP TABLE gateway.users; --',
  '__proto__',
  'constructor',
  'prototype',
  '\u0000',
  '%00',
  '😀'.repeat(40),
  '\u202eevil',
  '𠮷野家',
  'null',
  'NaN',
  '-1',
  '1e309',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '${jndi:ldap://x/a}',
  ' ',
  '',
  'x'.repeat(5000),
];
const hostileString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.integer().map(String) },
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(hostileString, { maxLength: 3 }),
  fc.dictionary(hostileString, hostileString, { maxKeys: 3 }),
);
const POLLUTION = [
  '{"__proto__":{"isAdmin":true,"permissions":["audit:read"]}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"a":{"__proto__":{"roles":["city_admin"]}}}',
];
const BAD_JSON = [
  '{',
  '{"a":',
  '[1,2',
  'nul',
  '{"a":1}}',
  '\u0000',
  '"\\ud800"',
  '{"a":"\\u00"}',
  '1'.repeat(400),
];
const CONTENT_TYPES = [
  'application/json',
  'application/json',
  'text/plain',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/merge-patch+json',
  'text/csv',
  '',
];
const AUTHS = ['admin', 'worker', 'none', 'garbage', 'alg-none', 'basic'] as const;

const wellFormed = (s: string) =>
  s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
const encode = (s: string) => encodeURIComponent(wellFormed(s));

/**
 * Property-based fuzzing of every route in /api/openapi.json with malformed, oversized and hostile input,
 * with and without valid credentials: the gateway never answers 5xx, and every error is problem+json with
 * a `code`. Fixed seed, bounded runs per route.
 */
describe('gateway contract', () => {
  let platform: PlatformStack;
  let document: Json;
  let operations: Operation[];
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    platform = await startPlatform('fuzz');
    const demo = ServiceProcess.start('grid', platform.env, 'cli.js', [
      'demo',
      '--district',
      '440106',
      '--streets',
      '1',
    ]);
    expect(await demo.exited()).toBe(0);
    tokens.admin = await platform.tokenFor('city_admin', '440106');
    tokens.worker = await platform.tokenFor('grid_worker', '440106001');
    const encodeJson = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    tokens['alg-none'] =
      `${encodeJson({ alg: 'none' })}.${encodeJson({ sub: 'x', roles: ['city_admin'], iss: 'yiwang-gateway', aud: 'yiwang', exp: 4102444800 })}.`;
    document = (await (await fetch(`${platform.gateway}/api/openapi.json`)).json()) as Json;
    operations = Object.entries(document.paths as Json).flatMap(([path, item]) =>
      Object.entries(item as Json).map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        op: op as Json,
      })),
    );
  }, 420_000);

  afterAll(async () => {
    await platform?.stop();
  });

  it('publishes a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    // Beyond the schema: every templated path parameter is declared, every operation is unique.
    const ids = new Set<string>();
    for (const { path, op } of operations) {
      for (const [, name] of path.matchAll(/\{(\w+)\}/g)) {
        expect({
          path,
          name,
          declared: (op.parameters ?? []).some((p: Json) => p.in === 'path' && p.name === name),
        }).toEqual({
          path,
          name,
          declared: true,
        });
      }
      expect(ids.has(op.operationId)).toBe(false);
      ids.add(op.operationId);
    }
  });

  it('never answers 5xx and always problem+json to hostile input on every route', async () => {
    expect(operations.length).toBeGreaterThan(20);
    const started = Date.now();
    let requests = 0;
    const statuses = new Map<number, number>();
    for (const operation of operations) {
      const request = requestArbitrary(operation);
      await fc.assert(
        fc.asyncProperty(request, async (input) => {
          requests += 1;
          const response = await send(input);
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          const type = response.headers.get('content-type') ?? '';
          // An event stream that was accepted never ends: its status and type are the answer.
          if (type.startsWith('text/event-stream')) {
            await response.body?.cancel();
            if (response.status >= 400) throw new Error(`event stream with status ${response.status}`);
            return;
          }
          const text = await response.text();
          const summary = `${input.method} ${input.url} [${input.contentType}] auth=${input.auth} → ${response.status} ${type} ${text.slice(0, 300)}`;
          if (response.status >= 500) throw new Error(`5xx: ${summary}`);
          const problem = type.startsWith('application/problem+json');
          if (response.status >= 400 && input.url.startsWith('/open311/') && !problem) {
            // GeoReport v2 prescribes its own error format: a list of {code, description}, in JSON or XML
            // (a body the HTTP layer cannot even parse is still refused as problem+json, below).
            if (type.startsWith('application/json')) {
              const errors = JSON.parse(text) as { code?: unknown; description?: unknown }[];
              if (!Array.isArray(errors) || !errors.every((e) => e.code === response.status && e.description))
                throw new Error(`not a GeoReport error list: ${summary}`);
            } else if (!type.startsWith('text/xml') || !text.includes('<errors>')) {
              throw new Error(`not a GeoReport error list: ${summary}`);
            }
          } else if (response.status >= 400) {
            if (!type.startsWith('application/problem+json')) throw new Error(`not problem+json: ${summary}`);
            const code = (JSON.parse(text) as Json).code;
            if (typeof code !== 'string' || code === '') throw new Error(`no code: ${summary}`);
          }
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true, examples: fixedExamples(operation) },
      );
    }
    // The gateway still knows who is who after all the prototype-pollution attempts.
    const me = (await (
      await fetch(`${platform.gateway}/api/v1/auth/me`, {
        headers: { authorization: `Bearer ${tokens.worker}` },
      })
    ).json()) as Json;
    expect(me.roles).toEqual(['grid_worker']);
    expect(me.permissions).not.toContain('audit:read');
    process.stdout.write(
      `fuzz: ${requests} requests over ${operations.length} operations in ${((Date.now() - started) / 1000).toFixed(1)} s (seed ${SEED}); statuses ${JSON.stringify(Object.fromEntries(statuses))}\n`,
    );
    // Not only refusals: some inputs get through to the services (the fuzz reaches the handlers).
    expect([...statuses.keys()].some((s) => s < 300)).toBe(true);
  }, 420_000);

  interface FuzzRequest {
    method: string;
    url: string;
    auth: (typeof AUTHS)[number];
    contentType: string;
    body: string | undefined;
    headers: Record<string, string>;
  }

  function requestArbitrary(operation: Operation): fc.Arbitrary<FuzzRequest> {
    const pathParams = ((operation.op.parameters ?? []) as Json[]).filter((p) => p.in === 'path');
    const queryNames = ((operation.op.parameters ?? []) as Json[])
      .filter((p) => p.in === 'query')
      .map((p) => p.name as string);
    const bodyProps = Object.keys(
      operation.op.requestBody?.content?.['application/json']?.schema?.properties ?? {},
    );
    const path = fc
      .tuple(
        ...pathParams.map(() => fc.oneof(hostileString, fc.uuid().map(String), fc.constant('440106001'))),
      )
      .map((values) => {
        let url = operation.path;
        pathParams.forEach((p, i) => {
          url = url.replace(`{${p.name}}`, values[i] === '..' ? '..' : encode(values[i]));
        });
        return url;
      });
    const query = fc
      .array(
        fc.tuple(
          fc.oneof(
            fc.constantFrom(...(queryNames.length ? queryNames : ['q'])),
            fc.constantFrom('__proto__[admin]', 'constructor[prototype][x]', 'limit', 'cursor', 'unit'),
            hostileString,
          ),
          hostileString,
        ),
        { maxLength: 4 },
      )
      .map((pairs) =>
        pairs.length ? `?${pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&')}` : '',
      );
    const body = fc.oneof(
      {
        weight: 4,
        arbitrary: fc
          .dictionary(
            fc.oneof(
              fc.constantFrom(...(bodyProps.length ? bodyProps : ['name']), '__proto__', 'constructor'),
              hostileString,
            ),
            hostileValue,
            { maxKeys: 6 },
          )
          .map((o) => JSON.stringify(o)),
      },
      { weight: 1, arbitrary: fc.constantFrom(...POLLUTION) },
      { weight: 1, arbitrary: fc.constantFrom(...BAD_JSON) },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
      { weight: 1, arbitrary: fc.constant(undefined) },
    );
    const headers = fc.record(
      {
        'idempotency-key': fc.oneof(
          hostileString.map((s) => s.replace(/[^\x20-\x7e]/g, '')),
          fc.uuid().map(String),
        ),
        'if-match': fc.constantFrom('*', '"x"', 'W/"y"', 'garbage'),
      },
      { requiredKeys: [] },
    );
    return fc
      .record({
        url: fc.tuple(path, query).map(([p, q]) => p + q),
        auth: fc.constantFrom(...AUTHS),
        contentType: fc.constantFrom(...CONTENT_TYPES),
        body,
        headers,
      })
      .map((r): FuzzRequest => ({
        method: operation.method,
        ...r,
        body: operation.method === 'GET' || operation.method === 'DELETE' ? undefined : r.body,
      }));
  }

  /** Cases every route gets whatever the random draw: bad JSON, pollution, wrong types, oversize, traversal. */
  function fixedExamples(operation: Operation): [FuzzRequest][] {
    const url = operation.path.replace(/\{\w+\}/g, '..%2F..%2Fetc');
    const base = {
      method: operation.method,
      url,
      auth: 'admin' as const,
      contentType: 'application/json',
      headers: {},
    };
    const writes = operation.method !== 'GET' && operation.method !== 'DELETE';
    return [
      [{ ...base, body: undefined }],
      [
        {
          ...base,
          url: operation.path.replace(/\{\w+\}/g, encode("1' OR '1'='1")),
          body: writes ? '{"a":' : undefined,
        },
      ],
      [
        {
          ...base,
          url: operation.path.replace(/\{\w+\}/g, '00000000-0000-0000-0000-000000000000'),
          body: writes ? POLLUTION[0] : undefined,
        },
      ],
      [
        {
          ...base,
          auth: 'worker',
          body: writes ? JSON.stringify({ name: 'x'.repeat(1_200_000) }) : undefined,
        },
      ],
      [{ ...base, auth: 'none', body: writes ? '{}' : undefined }],
      [{ ...base, contentType: 'application/xml', body: writes ? '<a>1</a>' : undefined }],
    ];
  }

  function send(input: FuzzRequest): Promise<Response> {
    const headers: Record<string, string> = { ...input.headers };
    if (input.contentType && input.body !== undefined) headers['content-type'] = input.contentType;
    if (input.auth === 'garbage') headers.authorization = 'Bearer abc.def.ghi';
    else if (input.auth === 'basic') headers.authorization = 'Basic dXNlcjpwYXNz';
    else if (input.auth !== 'none') headers.authorization = `Bearer ${tokens[input.auth]}`;
    return fetch(`${platform.gateway}${input.url}`, {
      method: input.method,
      headers,
      body: input.body === undefined ? undefined : wellFormed(input.body),
      redirect: 'manual',
      signal: AbortSignal.timeout(20_000),
    });
  }
});
