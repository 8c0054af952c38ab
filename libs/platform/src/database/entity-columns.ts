import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';
import type { EntityTarget, ObjectLiteral, ValueTransformer } from 'typeorm';
import type { Db } from './sql-runner.js';
import { sql, type Sql } from './sql.js';

/** The plain row of an entity, as a repository returns it: its fields, none of its methods. */
export type Row<E> = { [K in keyof E as E[K] extends (...args: never[]) => unknown ? never : K]: E[K] };

interface ColumnInfo {
  readonly name: string;
  readonly transformer?: ValueTransformer;
  /** `date` columns are read as `YYYY-MM-DD` text, as TypeORM hydrates them (the driver would make a Date). */
  readonly asText: boolean;
}

/**
 * Column lists derived from an entity's TypeORM metadata, so a table's columns are declared once (on the
 * entity, which also drives migrations) and never retyped as strings in a repository. Selecting through
 * `select()` aliases each column to its property name (`community_code AS "communityCode"`), so rows come
 * back as `Row<Entity>` without mapping code.
 */
export class EntityColumns<E extends ObjectLiteral> {
  readonly table: Sql;
  private readonly columns: ReadonlyMap<string, ColumnInfo>;
  private readonly transformed: readonly [string, ValueTransformer][];

  constructor(tableName: string, columns: readonly ColumnMetadata[]) {
    this.table = sql.raw(quote(tableName));
    const map = new Map<string, ColumnInfo>();
    for (const column of columns) {
      const transformer = Array.isArray(column.transformer) ? undefined : column.transformer;
      map.set(column.propertyPath, {
        name: column.databaseName,
        transformer,
        asText: column.type === 'date',
      });
    }
    this.columns = map;
    this.transformed = [...map].flatMap(([prop, c]) =>
      c.transformer ? [[prop, c.transformer] as [string, ValueTransformer]] : [],
    );
  }

  /** The entity's column properties, in declaration order. */
  get props(): (keyof E & string)[] {
    return [...this.columns.keys()];
  }

  /** Every column (or the ones named), each as `"alias"."column" AS "property"`. */
  select(alias?: string, props?: readonly (keyof E & string)[]): Sql {
    const names = props ?? [...this.columns.keys()];
    return sql.raw(
      names
        .map((prop) => {
          const ref = this.ref(prop, alias);
          return `${this.info(prop).asText ? `${ref}::text` : ref} AS ${quote(prop)}`;
        })
        .join(', '),
    );
  }

  /** One column, qualified by the alias when given: for WHERE and ORDER BY. */
  column(prop: keyof E & string, alias?: string): Sql {
    return sql.raw(this.ref(prop, alias));
  }

  /** Column names for an INSERT list or a conflict target, in the order given. */
  names(props: readonly (keyof E & string)[]): Sql {
    return sql.raw(props.map((prop) => quote(this.info(prop).name)).join(', '));
  }

  /**
   * `(…), (…)` bind parameters for rows, in the order of `props`, each value through its transformer; an
   * undefined value is the column's DEFAULT (as TypeORM's insert has it), null is NULL.
   */
  values<K extends keyof E & string>(rows: readonly Partial<Pick<E, K>>[], props: readonly K[]): Sql {
    return sql.join(
      rows.map((row) => {
        const values = props.map((prop) => {
          const value = row[prop];
          if (value === undefined) return sql`DEFAULT`;
          const transformer = this.info(prop).transformer;
          return sql`${transformer ? transformer.to(value) : value}`;
        });
        return sql`(${sql.join(values)})`;
      }),
    );
  }

  /** `INSERT INTO table (columns) VALUES …` for the given properties of each row. */
  insert<K extends keyof E & string>(rows: readonly Partial<Pick<E, K>>[], props: readonly K[]): Sql {
    return sql`INSERT INTO ${this.table} (${this.names(props)}) VALUES ${this.values(rows, props)}`;
  }

  /** `column = $n, …` for an UPDATE's SET list; undefined values are left out (the column keeps its value). */
  assign<K extends keyof E & string>(values: Partial<Pick<E, K>>, props: readonly K[]): Sql {
    return sql.join(
      props
        .filter((prop) => values[prop] !== undefined)
        .map((prop) => {
          const transformer = this.info(prop).transformer;
          const value = transformer ? transformer.to(values[prop]) : values[prop];
          return sql`${sql.raw(quote(this.info(prop).name))} = ${value}`;
        }),
    );
  }

  /** Applies the entity's value transformers (e.g. bigint text to number) to rows read with `select()`. */
  read<T>(rows: T[]): T[] {
    if (this.transformed.length === 0) return rows;
    for (const row of rows as Record<string, unknown>[]) {
      for (const [prop, transformer] of this.transformed) {
        if (prop in row) row[prop] = transformer.from(row[prop]);
      }
    }
    return rows;
  }

  private ref(prop: string, alias?: string): string {
    const name = quote(this.info(prop).name);
    return alias ? `${quote(alias)}.${name}` : name;
  }

  private info(prop: string): ColumnInfo {
    const info = this.columns.get(prop);
    if (!info) throw new Error(`${this.table.text} has no column for property ${prop}`);
    return info;
  }
}

const cache = new Map<unknown, EntityColumns<ObjectLiteral>>();

/** The columns of an entity registered with the data source (cached per entity class). */
export function entityColumns<E extends ObjectLiteral>(db: Db, target: EntityTarget<E>): EntityColumns<E> {
  let columns = cache.get(target);
  if (!columns) {
    const metadata = ('manager' in db ? db : db.connection).getMetadata(target);
    columns = new EntityColumns<ObjectLiteral>(metadata.tableName, metadata.columns);
    cache.set(target, columns);
  }
  return columns;
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}
