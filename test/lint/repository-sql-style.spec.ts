import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { repoRoot } from '@yiwang/testing';

/**
 * ADR 0007's guard: repositories reach the database through the `sql` layer only. A repository that
 * passes a plain string to `.query(`, writes `$n` placeholders or an aliased column list by hand outside
 * the `sql` tag, or uses TypeORM's query builder or `Repository` finders fails here, naming the file and
 * line. Every service is covered, new ones included; `ALLOWED` holds files the ADR lets go below the
 * layer, each with its reason.
 */
const COVERED = readdirSync(join(repoRoot, 'services'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => `services/${entry.name}/src`);

/** path → the constructs it may use, and why (ADR 0007: bulk paths, COPY and multi-statement queries). */
const ALLOWED: Record<string, string> = {};

export interface Violation {
  line: number;
  rule: 'plain-query' | 'placeholder' | 'column-list' | 'builder';
  text: string;
}

/** Every violation in one repository's source. */
export function sqlStyleViolations(fileName: string, source: string): Violation[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022, true);
  const found: Violation[] = [];
  const report = (node: ts.Node, rule: Violation['rule']) =>
    found.push({
      line: file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1,
      rule,
      text: node.getText(file).split('\n')[0].slice(0, 100),
    });
  const isString = (node: ts.Node) =>
    ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node);
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const name = node.expression.name.text;
      const [first] = node.arguments;
      if (name === 'query' && first && (isString(first) || ts.isIdentifier(first)))
        report(node, 'plain-query');
    }
    if (ts.isIdentifier(node) && ['createQueryBuilder', 'getRepository', 'getRawMany'].includes(node.text))
      report(node, 'builder');
    // A template or string holding `$1`-style placeholders is SQL typed for the driver by hand; the tag's
    // own templates (sql`…`) bind values themselves and never contain them.
    const inSqlTag =
      node.parent !== undefined &&
      ts.isTaggedTemplateExpression(node.parent) &&
      node.parent.tag.getText(file).startsWith('sql');
    if (isString(node) && !inSqlTag && /\$(\d|\$\{)/.test(node.getText(file))) report(node, 'placeholder');
    // `community_code AS "communityCode", …` typed out: the list `entityColumns(…).select()` derives.
    if (isString(node) && !inSqlTag && /\sAS\s+"\w+"/.test(node.getText(file))) report(node, 'column-list');
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

function repositories(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return repositories(path);
    return entry.name.endsWith('.repository.ts') ? [path] : [];
  });
}

describe('lint: repositories use the sql layer of ADR 0007', () => {
  const files = COVERED.flatMap((dir) => repositories(join(repoRoot, dir)));

  it('finds the repositories it guards', () => {
    expect(COVERED).toEqual(
      expect.arrayContaining(['services/grid/src', 'services/case/src', 'services/gateway/src']),
    );
    expect(files.length).toBeGreaterThanOrEqual(40);
  });

  it.each(COVERED)('no plain-string queries, hand-written placeholders or query builder in %s', (dir) => {
    const offenders = files
      .filter((path) => relative(repoRoot, path).startsWith(dir))
      .filter((path) => !(relative(repoRoot, path) in ALLOWED))
      .flatMap((path) =>
        sqlStyleViolations(path, readFileSync(path, 'utf8')).map(
          (v) => `${relative(repoRoot, path)}:${v.line} ${v.rule}: ${v.text}`,
        ),
      );
    expect(offenders).toEqual([]);
  });

  it('flags each old style, and not the layer', () => {
    const old = `
      export class OldRepository {
        a() { return this.dataSource.query(\`SELECT code FROM units WHERE code = $1\`, [code]); }
        b() { return manager.query('UPDATE units SET name = $2 WHERE code = $1', [code, name]); }
        c() { const text = \`SELECT 1 FROM units WHERE path LIKE $\${params.length}\`; return db.query(text, params); }
        d() { return this.dataSource.getRepository(UnitEntity).findOneBy({ code }); }
        e() { return this.dataSource.createQueryBuilder().select('u').getRawMany(); }
      }
      const COLUMNS = \`code, parent_code AS "parentCode", path\`;`;
    const rules = sqlStyleViolations('old.repository.ts', old).map((v) => `${v.line}:${v.rule}`);
    expect(rules).toEqual([
      '3:plain-query',
      '3:placeholder',
      '4:plain-query',
      '4:placeholder',
      '5:placeholder',
      '5:plain-query',
      '6:builder',
      '7:builder',
      '7:builder',
      '9:column-list',
    ]);
    const layer = `
      export class NewRepository {
        a() { return queryRows(this.dataSource, sql\`SELECT \${u.select()} FROM \${u.table} WHERE code = \${code}\`); }
        b(s: Sql) { return client.query(s.text, [...s.values]); }
        c() { return sql\`SELECT g.code AS "gridCode", \${t.select('t', ['minFullTime'])} FROM g\`; }
      }`;
    expect(sqlStyleViolations('new.repository.ts', layer)).toEqual([]);
  });
});
