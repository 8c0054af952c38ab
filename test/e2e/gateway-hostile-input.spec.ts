import { protoFiles, type caseV1 } from '@yiwang/contracts';
import { DomainError, GrpcClient, IdentityContext, type Identity } from '@yiwang/platform';
import { aCaseReport } from '@yiwang/testing';
import pg from 'pg';
import { corpusFor, sample, TEXT, type HostileValue } from './hostile-corpus.js';
import { startPlatform, type PlatformStack } from './platform-stack.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the OpenAPI document is walked generically
type Json = Record<string, any>;

/** At most this many hostile requests per operation (spread over its fields and the corpus). */
const PER_OPERATION = 40;
const PLACEHOLDER = '"\u0001HOSTILE\u0001"';
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Bodies the generic sampler cannot guess (domain codes), so the hostile value is the only fault. */
const KNOWN_GOOD: Record<string, Record<string, unknown>> = {
  'POST /api/v1/cases': {
    title: '路灯不亮',
    category: 'street_light',
    channel: 'grid_worker',
    unitCode: '440106001002',
  },
};

interface Target {
  where: 'body' | 'query' | 'path';
  name: string;
  value: HostileValue;
}

/**
 * Beyond the shape-based fuzz: a corpus of hostile values per type (control characters, invalid UTF-16,
 * bidirectional controls, huge numbers, impossible dates, ID numbers with bad checksums, prototype keys,
 * deep nesting, oversized headers) put into each field of every route of /api/openapi.json, one at a
 * time, with everything else valid. Never a 5xx, never refused text accepted, nothing stored half.
 */
describe('gateway: a hostile value in every field of every route', () => {
  let platform: PlatformStack;
  let db: pg.Pool;
  let document: Json;
  let admin: string;
  let since: Date;

  beforeAll(async () => {
    platform = await startPlatform('hostile');
    db = new pg.Pool({ connectionString: platform.env.DATABASE_URL, max: 2 });
    since = (await db.query('SELECT now() AS now')).rows[0].now;
    admin = await platform.tokenFor('city_admin', '440106');
    document = (await (await fetch(`${platform.gateway}/api/openapi.json`)).json()) as Json;
  }, 240_000);

  afterAll(async () => {
    await db?.end();
    await platform?.stop();
  });

  const send = (method: string, url: string, body?: string, headers: Record<string, string> = {}) =>
    fetch(`${platform.gateway}${url}`, {
      method,
      headers: {
        authorization: `Bearer ${admin}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(20_000),
    });

  it('refuses a NUL in a case title with 400 validation.text naming the field, and normalises text', async () => {
    const nul = await send('POST', '/api/v1/cases', JSON.stringify(aCaseReport({ title: '路灯\u0000不亮' })));
    expect(nul.status).toBe(400);
    expect(nul.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await nul.json()).toMatchObject({
      code: 'validation.text',
      errors: [{ field: 'body.title', message: expect.stringContaining('U+0000') }],
    });
    const query = await send('GET', `/api/v1/cases?category=${encodeURIComponent('a\u202eb')}`);
    expect(await query.json()).toMatchObject({
      code: 'validation.text',
      errors: [{ field: 'query.category' }],
    });
    const path = await send('GET', `/api/v1/cases/${encodeURIComponent('a\u0007b')}`);
    expect(await path.json()).toMatchObject({ code: 'validation.text', errors: [{ field: 'path.id' }] });

    const decomposed = await send(
      'POST',
      '/api/v1/cases',
      JSON.stringify(aCaseReport({ title: 'Cafe\u0301 门前路灯', unitCode: '440106001002' })),
    );
    expect(decomposed.status).toBe(201);
    const { id, title } = (await decomposed.json()) as Json;
    expect(title).toBe('Caf\u00e9 门前路灯');
    const stored = await db.query(`SELECT title FROM "case".cases WHERE id = $1`, [id]);
    expect(stored.rows[0].title).toBe('Caf\u00e9 门前路灯');
  });

  it('applies the same policy to a service called over gRPC directly, not through the gateway', async () => {
    const client = new GrpcClient<caseV1.CaseServiceClient>({
      protoFiles: protoFiles.case,
      service: 'yiwang.case.v1.CaseService',
      address: `127.0.0.1:${platform.ports.case.grpc}`,
    });
    const caller: Identity = {
      subject: 'hostile-test',
      roles: ['city_admin'],
      permissions: [],
      scopePath: '44.4401.440106',
      department: null,
      kind: 'user',
    };
    try {
      const refused = await IdentityContext.run(caller, () =>
        client.call('createCase', {
          title: 'x\u202ey',
          description: '',
          category: 'street_light',
          channel: 'grid_worker',
          unitCode: '440106001002',
          idempotencyKey: '',
          priority: '',
        }),
      ).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(DomainError);
      expect(refused).toMatchObject({
        kind: 'invalid',
        code: 'validation.text',
        details: [{ field: 'request.title' }],
      });
    } finally {
      client.close();
    }
  });

  it('never answers 5xx, never accepts refused text, and stores nothing half', async () => {
    const operations = Object.entries(document.paths as Json).flatMap(([path, item]) =>
      Object.entries(item as Json).map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        op: op as Json,
      })),
    );
    expect(operations.length).toBeGreaterThan(50);
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let requests = 0;
    let casesCreated = 0;
    for (const { method, path, op } of operations) {
      const params = (op.parameters ?? []) as Json[];
      const bodySchema = op.requestBody?.content?.['application/json']?.schema as Json | undefined;
      const base = bodySchema
        ? { ...(sample(bodySchema) as Record<string, unknown>), ...KNOWN_GOOD[`${method} ${path}`] }
        : undefined;
      const fields: { where: Target['where']; name: string; schema: Json | undefined }[] = [
        ...params
          .filter((p) => p.in === 'path' || p.in === 'query')
          .map((p) => ({
            where: p.in === 'path' ? ('path' as const) : ('query' as const),
            name: p.name,
            schema: p.schema,
          })),
        ...Object.entries((bodySchema?.properties ?? {}) as Json).map(([name, schema]) => ({
          where: 'body' as const,
          name,
          schema: schema as Json,
        })),
      ];
      for (const target of spread(
        fields.flatMap((f) => corpusFor(f.schema, f.name).map((value) => ({ ...f, value }))),
      )) {
        const { url, body } = build(path, params, base, target);
        if (url === null) continue;
        requests += 1;
        const response = await send(method, url, body);
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        const type = response.headers.get('content-type') ?? '';
        if (type.startsWith('text/event-stream')) {
          await response.body?.cancel();
          continue;
        }
        const text = await response.text();
        const summary = `${method} ${path} ${target.where}.${target.name} = ${target.value.label} → ${response.status} ${text.slice(0, 200)}`;
        if (response.status >= 500) failures.push(`5xx: ${summary}`);
        else if (target.value.refused && response.status < 300) failures.push(`accepted: ${summary}`);
        else if (response.status >= 400 && !path.startsWith('/open311/')) {
          if (!type.startsWith('application/problem+json')) failures.push(`not problem+json: ${summary}`);
          else if (target.value.refused && response.status === 400) {
            const code = (JSON.parse(text) as Json).code as string;
            if (!/^(validation\.(text|structure)|request\.(invalid|malformed))$/.test(code))
              failures.push(`refused text answered ${code}: ${summary}`);
          }
        }
        // Routes that store a new case: the API's intake and Open311's service requests.
        if (
          method === 'POST' &&
          /^\/api\/v1\/cases$|^\/open311\/v2\/requests/.test(path) &&
          response.status < 300
        )
          casesCreated += 1;
      }
    }
    // A header larger than the server takes is refused by it, never a crash.
    const big = await send('GET', '/api/v1/cases', undefined, { 'x-filler': 'a'.repeat(40_000) });
    expect(big.status).toBe(431);
    process.stdout.write(
      `hostile corpus: ${requests} requests over ${operations.length} operations; statuses ${JSON.stringify(Object.fromEntries(statuses))}\n`,
    );
    expect(failures).toEqual([]);

    // Nothing stored half: every case written during the run has its first timeline step, every one of them
    // was answered 201 (and nothing else stored one), and no stored text breaks the policy.
    const { rows } = await db.query(
      `SELECT count(*)::int AS cases,
              count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM "case".case_transitions t
                                                 WHERE t.case_id = c.id AND t.seq = 1))::int AS without_timeline,
              count(*) FILTER (WHERE c.title ~ '[\\u0001-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u202A-\\u202E\\u2066-\\u2069]'
                                  OR c.description ~ '[\\u0001-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u202A-\\u202E\\u2066-\\u2069]'
                                  OR NOT c.title IS NFC NORMALIZED OR NOT c.description IS NFC NORMALIZED)::int AS bad_text
       FROM "case".cases c WHERE c.created_at >= $1 AND c.title <> 'Caf\u00e9 门前路灯'`,
      [since],
    );
    expect(rows[0]).toEqual({ cases: casesCreated, without_timeline: 0, bad_text: 0 });
    expect(casesCreated).toBeGreaterThan(0);
  }, 600_000);

  /** At most PER_OPERATION targets, spread evenly; refused text always included once. */
  function spread(targets: Target[]): Target[] {
    if (targets.length <= PER_OPERATION) return targets;
    const stride = targets.length / PER_OPERATION;
    const picked = Array.from({ length: PER_OPERATION }, (_, i) => targets[Math.floor(i * stride)]);
    const refusedText = targets.find(
      (t) => TEXT.includes(t.value) && t.value.refused && t.value.label === 'NUL',
    );
    return refusedText && !picked.includes(refusedText) ? [...picked, refusedText] : picked;
  }

  /** The request with one hostile value in place and every other part sampled valid. */
  function build(
    path: string,
    params: Json[],
    base: Record<string, unknown> | undefined,
    target: Target,
  ): { url: string | null; body: string | undefined } {
    const raw = target.value.json;
    const asText = (): string | null => {
      // Query and path parameters are text: a JSON string's content, or the literal as typed.
      const value = raw.startsWith('"') ? (JSON.parse(raw) as string) : raw;
      // Lone surrogates cannot be URL-encoded: the JSON bodies carry them.
      return !LONE_SURROGATE.test(value) && value.length < 4000 ? value : null;
    };
    let url = path;
    for (const p of params.filter((p) => p.in === 'path')) {
      const value =
        target.where === 'path' && target.name === p.name ? asText() : String(sample(p.schema, p.name));
      if (value === null) return { url: null, body: undefined };
      url = url.replace(`{${p.name}}`, encodeURIComponent(value));
    }
    const query = new URLSearchParams();
    for (const p of params.filter((p) => p.in === 'query')) {
      if (target.where === 'query' && target.name === p.name) {
        const value = asText();
        if (value === null) return { url: null, body: undefined };
        query.set(p.name, value);
      } else if (p.required) query.set(p.name, String(sample(p.schema, p.name)));
    }
    const search = query.toString();
    if (!base) return { url: search ? `${url}?${search}` : url, body: undefined };
    const body = { ...base };
    if (target.where === 'body') body[target.name] = PLACEHOLDER;
    const text = JSON.stringify(body).replace(JSON.stringify(PLACEHOLDER), raw);
    return { url: search ? `${url}?${search}` : url, body: text };
  }
});
