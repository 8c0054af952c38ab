// With a route, a feature also gets: an rpc in the service's proto package, its gRPC controller, one
// gateway GET route declared with @ApiRoute, and a web page in the router and the menu. The route reads
// what the feature stores; the caller's scope travels as the forwarded identity.

/** The service's domain as clients see it (docs/architecture.md: `grid` serves the registry). */
export function domainOf(service) {
  return service === 'grid' ? 'registry' : service;
}

export function protoAddition(n) {
  return `
// ${n.title}: ${n.pascal}Service lists those in the caller's scope.
service ${n.pascal}Service {
  rpc List${n.pascal}s(List${n.pascal}sRequest) returns (List${n.pascal}sResponse);
}

message List${n.pascal}sRequest {
  // 1–200; 0 means 50.
  int32 limit = 1;
}

message ${n.pascal} {
  string id = 1;
  string unit_path = 2;
  string name = 3;
  string created_at = 4;
}

message List${n.pascal}sResponse {
  repeated ${n.pascal} items = 1;
}
`;
}

export function routeFiles(service, n, ns, label) {
  const constant = n.snake.toUpperCase();
  const domain = domainOf(service);
  const path = `${n.kebab}s`;
  return {
    [`services/${service}/src/${n.kebab}/${n.kebab}.grpc.controller.ts`]: `import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { ${ns} } from '@yiwang/contracts';
import { ${n.pascal}Service } from './${n.kebab}.service.js';

/** gRPC transport for ${n.title} (\`${n.pascal}Service\`): translates messages, nothing more. */
@Controller()
export class ${n.pascal}GrpcController implements ${ns}.${n.pascal}ServiceController {
  constructor(private readonly ${n.camel}: ${n.pascal}Service) {}

  @GrpcMethod(${ns}.${constant}_SERVICE_NAME, 'list${n.pascal}s')
  async list${n.pascal}s(request: ${ns}.List${n.pascal}sRequest): Promise<${ns}.List${n.pascal}sResponse> {
    const rows = await this.${n.camel}.list(request.limit || undefined);
    return {
      items: rows.map((r) => ({ id: r.id, unitPath: r.unitPath, name: r.name, createdAt: r.createdAt.toISOString() })),
    };
  }
}
`,
    [`services/gateway/src/${n.kebab}/${n.kebab}.module.ts`]: `import { Module } from '@nestjs/common';
import { ${n.pascal}HttpController } from './${n.kebab}.http.controller.js';

/**
 * ${n.title}, served by the ${service} service's ${n.pascal}Service (its client comes from the
 * DownstreamModule, which builds one for every gRPC service of the catalogue).
 */
@Module({ controllers: [${n.pascal}HttpController] })
export class ${n.pascal}Module {}
`,
    [`services/gateway/src/${n.kebab}/${n.kebab}.http.controller.ts`]: `import { Controller, Get, Inject } from '@nestjs/common';
import type { ${ns} } from '@yiwang/contracts';
import type { GrpcClient } from '@yiwang/platform';
import { z } from 'zod';
import { RequirePermission } from '../auth/permission.guard.js';
import { ApiRoute, ValidQuery, named } from '../openapi/api-route.decorator.js';
import { listOf } from '../openapi/api-schemas.js';
import { downstreamClientToken } from '../downstream/downstream-clients.js';

export const ${constant}_CLIENT = downstreamClientToken('${service}', '${n.pascal}Service');
export type ${n.pascal}Client = GrpcClient<${ns}.${n.pascal}ServiceClient>;

const listQuery = z
  .object({ limit: z.coerce.number().int().min(1).max(200).default(50) })
  .strict();
const item = named(
  '${n.pascal}',
  z.strictObject({
    id: z.string().uuid(),
    unitPath: z.string().describe('Materialized path of its unit'),
    name: z.string(),
    createdAt: z.string(),
  }),
);

/** ${n.title}: the ${service} service answers only within the caller's data scope. */
@Controller('api/v1/${path}')
export class ${n.pascal}HttpController {
  constructor(@Inject(${constant}_CLIENT) private readonly ${n.camel}: ${n.pascal}Client) {}

  @Get()
  @RequirePermission('${domain}:read')
  @ApiRoute({
    tag: '${path}',
    summary: '${n.title[0].toUpperCase()}${n.title.slice(1)}s in the caller\\'s scope, newest first',
    query: listQuery,
    response: listOf(item),
    errors: [403],
  })
  async list(@ValidQuery() q: z.output<typeof listQuery>) {
    const result = await this.${n.camel}.call('list${n.pascal}s', { limit: q.limit });
    return { items: result.items ?? [] };
  }
}
`,
    [`web/src/pages/${n.kebab}/${n.pascal}Page.tsx`]: `import { Card, Table } from 'antd';
import { api } from '../../api/client';
import type { components } from '../../api/generated/schema';
import { DataState } from '../../components/DataState';
import { useT } from '../../i18n/i18n';
import { useAsync } from '../../lib/use-async';

type Item = components['schemas']['${n.pascal}'];

/** ${label}: what GET /api/v1/${path} answers for the signed-in user's scope. */
export default function ${n.pascal}Page() {
  const t = useT();
  const list = useAsync((signal) => api.get<{ items: Item[] }>('/api/v1/${path}', { signal }), []);
  return (
    <Card title={t('nav.${n.camel}')}>
      <DataState loading={list.loading && !list.data} error={list.error} onRetry={list.reload}>
        <Table<Item>
          size="small"
          rowKey="id"
          dataSource={list.data?.items ?? []}
          columns={[
            { title: t('${n.camel}.name'), dataIndex: 'name' },
            { title: t('${n.camel}.createdAt'), dataIndex: 'createdAt' },
          ]}
        />
      </DataState>
    </Card>
  );
}
`,
  };
}

export function nsPackage(service) {
  return `yiwang.${service.replace(/-/g, '_')}.v1`;
}

/** The route's entry in the scope matrix: it lists data of the caller's street. */
export function scopeRule(n) {
  return `  'GET /api/v1/${n.kebab}s': { kind: 'scoped', target: () => ({ path: '/api/v1/${n.kebab}s' }) },`;
}

export function routeElement(n, domain) {
  return `        <Route
          path="${n.kebab}s"
          element={
            <Guard anyOf={['${domain}:read']}>
              <${n.pascal}Page />
            </Guard>
          }
        />`;
}
