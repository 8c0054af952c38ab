// The files of one feature, as docs/architecture.md lays them out. Each is code a person would have
// written: a thing with a name in a unit of the administrative tree, created and listed in the caller's
// scope through the `sql` layer (ADR 0007). Rename the thing's fields and rules; nothing is to be deleted.

export function featureNames(feature) {
  const pascal = feature.replace(/(^|-)([a-z0-9])/g, (_, __, c) => c.toUpperCase());
  const camel = pascal[0].toLowerCase() + pascal.slice(1);
  const snake = feature.replace(/-/g, '_');
  return { kebab: feature, pascal, camel, snake, table: `${snake}s`, title: feature.replace(/-/g, ' ') };
}

export function featureFiles(service, n, timestamp, specName, route = null) {
  // The grid service cannot start without its personal-data keys; the tests have fresh ones.
  const env = service === 'grid' ? ', env: testRegistrySecrets()' : '';
  const src = `services/${service}/src/${n.kebab}`;
  return {
    [`${src}/${n.kebab}.entity.ts`]: `import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** One ${n.title} in a unit of the administrative tree. */
@Entity({ name: '${n.table}' })
@Index('IDX_${n.table}_unit_path', ['unitPath'])
export class ${n.pascal}Entity {
  @PrimaryColumn('uuid')
  id!: string;

  /** Materialized path of the unit it belongs to (\`44.4401.440106\`): what data scope is checked on. */
  @Column({ name: 'unit_path', type: 'varchar', length: 200, collation: 'C' })
  unitPath!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ name: 'created_by', type: 'varchar', length: 200 })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
`,
    [`${src}/${n.kebab}.repository.ts`]: `import { Injectable } from '@nestjs/common';
import { entityColumns, pathWithinSql, queryOne, queryRows, sql, type ScopePath } from '@yiwang/platform';
import { DataSource } from 'typeorm';
import { ${n.pascal}Entity } from './${n.kebab}.entity.js';

/** The only code that touches ${n.table}. */
@Injectable()
export class ${n.pascal}Repository {
  constructor(private readonly dataSource: DataSource) {}

  private get columns() {
    return entityColumns(this.dataSource, ${n.pascal}Entity);
  }

  async insert(values: Omit<${n.pascal}Entity, 'createdAt'>): Promise<${n.pascal}Entity> {
    const c = this.columns;
    const props = c.props.filter((p): p is keyof typeof values => p !== 'createdAt');
    const row = await queryOne<${n.pascal}Entity>(
      this.dataSource,
      sql\`\${c.insert([values], props)} RETURNING \${c.select()}\`,
    );
    return c.read([row!])[0];
  }

  /** Those in the scope's subtree, newest first. */
  async listInScope(scope: ScopePath, limit: number): Promise<${n.pascal}Entity[]> {
    const c = this.columns;
    return c.read(
      await queryRows<${n.pascal}Entity>(
        this.dataSource,
        sql\`SELECT \${c.select()} FROM \${c.table} WHERE \${pathWithinSql('unit_path', scope)}
            ORDER BY created_at DESC, id LIMIT \${limit}\`,
      ),
    );
  }
}
`,
    [`${src}/${n.kebab}.errors.ts`]: `import { DomainError, type ErrorDetail } from '@yiwang/platform';

/** The ${n.title} feature's coded errors; transports map them by kind. */
export const ${n.pascal}Errors = {
  invalidInput: (details: ErrorDetail[]) =>
    DomainError.invalid('${service}.${n.snake}_invalid', 'The ${n.title} is not valid', details),
  outsideScope: (unitPath: string) =>
    new DomainError('forbidden', '${service}.${n.snake}_outside_scope', \`Unit \${unitPath} is outside the caller's unit\`),
};
`,
    [`${src}/${n.kebab}.service.ts`]: `import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { IdentityContext, DomainError, pathWithin, scopeOf, type ErrorDetail, type Identity } from '@yiwang/platform';
import { ${n.pascal}Errors } from './${n.kebab}.errors.js';
import type { ${n.pascal}Entity } from './${n.kebab}.entity.js';
import { ${n.pascal}Repository } from './${n.kebab}.repository.js';

export interface Create${n.pascal}Input {
  name: string;
  /** Defaults to the caller's own unit. */
  unitPath?: string;
}

/** Domain rules of ${n.title}: checks input and scope; throws DomainError, never transport errors. */
@Injectable()
export class ${n.pascal}Service {
  constructor(private readonly repository: ${n.pascal}Repository) {}

  async create(input: Create${n.pascal}Input): Promise<${n.pascal}Entity> {
    const caller = currentCaller();
    const details: ErrorDetail[] = [];
    const name = input.name?.trim() ?? '';
    if (!name) details.push({ field: 'name', message: 'is required' });
    else if (name.length > 200) details.push({ field: 'name', message: 'must be at most 200 characters' });
    const unitPath = input.unitPath || caller.scopePath;
    if (!unitPath) details.push({ field: 'unitPath', message: 'is required for a caller without a unit' });
    if (details.length > 0) throw ${n.pascal}Errors.invalidInput(details);
    if (!pathWithin(unitPath!, scopeOf(caller))) throw ${n.pascal}Errors.outsideScope(unitPath!);
    return this.repository.insert({ id: randomUUID(), unitPath: unitPath!, name, createdBy: caller.subject });
  }

  list(limit = 50): Promise<${n.pascal}Entity[]> {
    return this.repository.listInScope(scopeOf(currentCaller()), Math.min(Math.max(limit, 1), 200));
  }
}

function currentCaller(): Identity {
  const identity = IdentityContext.current();
  if (!identity)
    throw new DomainError('unauthenticated', 'auth.missing_identity', 'No caller identity was forwarded');
  return identity;
}
`,
    [`${src}/${n.kebab}.module.ts`]: `import { Module } from '@nestjs/common';
${route ? `import { ${n.pascal}GrpcController } from './${n.kebab}.grpc.controller.js';\n` : ''}import { ${n.pascal}Repository } from './${n.kebab}.repository.js';
import { ${n.pascal}Service } from './${n.kebab}.service.js';

/** ${n.title}. */
@Module({
${route ? `  controllers: [${n.pascal}GrpcController],\n` : ''}  providers: [${n.pascal}Repository, ${n.pascal}Service],
  exports: [${n.pascal}Service],
})
export class ${n.pascal}Module {}
`,
    [`services/${service}/src/database/migrations/${timestamp}-create-${n.kebab}.ts`]: `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Create${n.pascal}${timestamp} implements MigrationInterface {
  name = 'Create${n.pascal}${timestamp}';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      \`CREATE TABLE "${n.table}" ("id" uuid NOT NULL, "unit_path" character varying(200) COLLATE "C" NOT NULL, "name" character varying(200) NOT NULL, "created_by" character varying(200) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_${n.table}" PRIMARY KEY ("id"))\`,
    );
    await runner.query(\`CREATE INDEX "IDX_${n.table}_unit_path" ON "${n.table}" ("unit_path") \`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(\`DROP INDEX "IDX_${n.table}_unit_path"\`);
    await runner.query(\`DROP TABLE "${n.table}"\`);
  }
}
`,
    [`services/${service}/test/${n.kebab}/${n.kebab}.spec.ts`]: `${route ? `import { serviceDeclaration, type ${route.ns} } from '@yiwang/contracts';\n` : ''}import { ${route ? 'GrpcClient, ' : ''}type Identity } from '@yiwang/platform';
import { createServiceTestApp, domainError${env ? `, testRegistrySecrets` : ``} } from '@yiwang/testing';
import { ${n.pascal}Module } from '../../src/${n.kebab}/${n.kebab}.module.js';
import { ${n.pascal}Service } from '../../src/${n.kebab}/${n.kebab}.service.js';
import { ${specName} } from '../../src/${service}.service-spec.js';

const start = () =>
  createServiceTestApp({ spec: ${specName}, modules: [${n.pascal}Module]${route ? ', grpc: true' : ''}${env} });

/** ${n.title} on this worker's real database: created in the caller's unit, listed in their scope. */
describe('${n.title}', () => {
  let test: Awaited<ReturnType<typeof start>>;
  let service: ${n.pascal}Service;
  // A private district per file (\`9905NN\`, no real division), so files sharing a database never meet.
  const district = \`44.4401.9905\${String(10 + Math.floor(Math.random() * 90))}\`;
  const caller = (scopePath: string): Identity => ({
    subject: \`user-\${Math.random().toString(36).slice(2, 10)}\`,
    roles: ['street_dispatcher'],
    permissions: [],
    scopePath,
    department: null,
    kind: 'user',
  });

  beforeAll(async () => {
    test = await start();
    service = test.get(${n.pascal}Service);
  });
  afterAll(() => test?.close());

  it('stores one in the caller’s unit and lists only those in their subtree', async () => {
    const streetA = caller(\`\${district}.001\`);
    const created = await test.as(streetA, () => service.create({ name: '  第一个  ' }));
    await test.as(caller(\`\${district}.002\`), () => service.create({ name: '邻街的' }));
    const [row] = await test.dataSource.query(\`SELECT unit_path, name, created_by FROM ${n.table} WHERE id = $1\`, [
      created.id,
    ]);
    expect(row).toEqual({ unit_path: \`\${district}.001\`, name: '第一个', created_by: streetA.subject });
    const listed = await test.as(streetA, () => service.list());
    expect(listed.map((r) => r.name)).toEqual(['第一个']);
    const all = await test.as(caller(district), () => service.list());
    expect(all.map((r) => r.name).sort()).toEqual(['第一个', '邻街的']);
  });

  it('refuses a missing name and a unit outside the caller’s own', async () => {
    const streetA = caller(\`\${district}.001\`);
    const invalid = await domainError(test.as(streetA, () => service.create({ name: ' ' })));
    expect([invalid.code, invalid.details]).toEqual([
      '${service}.${n.snake}_invalid',
      [{ field: 'name', message: 'is required' }],
    ]);
    const outside = await domainError(
      test.as(streetA, () => service.create({ name: '越界', unitPath: \`\${district}.002\` })),
    );
    expect([outside.kind, outside.code]).toEqual(['forbidden', '${service}.${n.snake}_outside_scope']);
  });
${route ? grpcTest(service, n, route.ns) : ''}});
`,
  };
}

function grpcTest(service, n, ns) {
  return `
  it('answers List${n.pascal}s over gRPC within the forwarded identity’s scope', async () => {
    const streetA = caller(\`\${district}.001\`);
    await test.as(streetA, () => service.create({ name: '经由 gRPC' }));
    const client = new GrpcClient<${ns}.${n.pascal}ServiceClient>({
      protoFiles: serviceDeclaration('${service}').grpc.protoFiles,
      service: 'yiwang.${service.replace(/-/g, '_')}.v1.${n.pascal}Service',
      address: test.grpcAddress!,
    });
    try {
      const answer = await test.as(streetA, () => client.call('list${n.pascal}s', { limit: 10 }));
      expect(answer.items.map((i) => [i.unitPath, i.name])).toEqual([
        [\`\${district}.001\`, '经由 gRPC'],
        [\`\${district}.001\`, '第一个'],
      ]);
      const none = await test.as(caller(\`\${district}.003\`), () => client.call('list${n.pascal}s', { limit: 10 }));
      expect(none.items).toEqual([]);
    } finally {
      client.close();
    }
  });
`;
}
