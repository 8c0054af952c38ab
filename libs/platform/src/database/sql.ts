/**
 * The one way repositories talk to PostgreSQL (ADR 0007): SQL written out, every value a bind parameter.
 *
 *   sql`SELECT ${cols.select()} FROM buildings WHERE id = ${id} AND ${pathWithinSql('path', scope)}`
 *
 * A value interpolated into the template becomes `$n`; a nested `Sql` fragment is spliced in with its own
 * values renumbered, so conditions compose without counting placeholders by hand. Only `sql.raw` puts text
 * into the statement, and it is for identifiers and keywords written in code, never for input.
 */
export class Sql {
  /** `strings.length === values.length + 1`; values never hold another `Sql` (nested ones are flattened). */
  private constructor(
    readonly strings: readonly string[],
    readonly values: readonly unknown[],
  ) {}

  static of(strings: readonly string[], values: readonly unknown[]): Sql {
    const outStrings: string[] = [strings[0]];
    const outValues: unknown[] = [];
    values.forEach((value, i) => {
      if (value instanceof Sql) {
        outStrings[outStrings.length - 1] += value.strings[0];
        for (let j = 0; j < value.values.length; j++) {
          outValues.push(value.values[j]);
          outStrings.push(value.strings[j + 1]);
        }
        outStrings[outStrings.length - 1] += strings[i + 1];
      } else {
        outValues.push(value);
        outStrings.push(strings[i + 1]);
      }
    });
    return new Sql(outStrings, outValues);
  }

  /** The statement with `$1 … $n` placeholders, as node-postgres takes it. */
  get text(): string {
    return this.textAfter(0);
  }

  /**
   * The text with each value written as a literal by `quote` (the driver's `escapeLiteral`): only for
   * multi-statement simple queries, which cannot take bind parameters.
   */
  inline(quote: (value: string) => string): string {
    let text = this.strings[0];
    for (let i = 1; i < this.strings.length; i++)
      text += `${quote(String(this.values[i - 1]))}${this.strings[i]}`;
    return text;
  }

  /** The text numbered from `$offset+1`: for splicing into a statement that has `offset` parameters. */
  textAfter(offset: number): string {
    let text = this.strings[0];
    for (let i = 1; i < this.strings.length; i++) text += `$${offset + i}${this.strings[i]}`;
    return text;
  }
}

export interface SqlTag {
  (strings: TemplateStringsArray, ...values: unknown[]): Sql;
  /** Text put into the statement as it is: identifiers and keywords from code, never input. */
  raw(text: string): Sql;
  /** Fragments joined with a separator (`, ` by default). */
  join(fragments: readonly Sql[], separator?: string): Sql;
  /** Conditions joined with AND; `TRUE` when there are none. */
  and(conditions: readonly Sql[]): Sql;
  /** Nothing at all, for optional clauses: `${lock ? sql`FOR UPDATE` : sql.empty}`. */
  readonly empty: Sql;
}

export const sql: SqlTag = Object.assign(
  (strings: TemplateStringsArray, ...values: unknown[]) => Sql.of(strings, values),
  {
    raw: (text: string) => Sql.of([text], []),
    join: (fragments: readonly Sql[], separator = ', ') => {
      if (fragments.length === 0) return Sql.of([''], []);
      const strings = ['', ...fragments.slice(1).map(() => separator), ''];
      return Sql.of(strings, fragments);
    },
    and: (conditions: readonly Sql[]) =>
      conditions.length === 0 ? Sql.of(['TRUE'], []) : sql.join(conditions, ' AND '),
    empty: Sql.of([''], []),
  },
);
