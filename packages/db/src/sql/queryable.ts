import type pg from 'pg';

/** A checked-out pg connection: all repositories of one unit of work share it. */
export type Queryable = Pick<pg.ClientBase, 'query'>;

/**
 * A named prepared statement: PostgreSQL parses and plans it once per connection, and
 * later executions send only the bind values. Names are global per connection, so
 * every statement in this package has a unique `vc_` name.
 */
export interface Statement {
  readonly name: string;
  readonly text: string;
}

export function statement(name: string, text: string): Statement {
  return { name: `vc_${name}`, text };
}

export async function run<R extends pg.QueryResultRow>(
  db: Queryable,
  stmt: Statement,
  values: readonly unknown[],
): Promise<pg.QueryResult<R>> {
  return db.query<R>({ name: stmt.name, text: stmt.text, values: values as unknown[] });
}
