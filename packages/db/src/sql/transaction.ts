import type pg from 'pg';
import { run, type Statement } from './queryable';

/** How a transaction opens: the tenant pool's connections are read-only unless a transaction says otherwise. */
export type TransactionAccess = 'READ WRITE' | 'READ ONLY';

/** A statement that prepares the transaction right after BEGIN, e.g. one of its settings. */
export interface Opening {
  readonly statement: Statement;
  readonly values: readonly unknown[];
}

/**
 * BEGIN and the `openings`, `work` on one pooled connection, COMMIT; ROLLBACK when anything fails. The openings
 * are sent with BEGIN without waiting for its answer, so on a pipelining pool (the tenant pool) they cost no round
 * trip of their own. A connection whose ROLLBACK fails too is unusable and leaves the pool rather than reach the
 * next caller mid-transaction.
 */
export async function inTransaction<T>(
  pool: pg.Pool,
  access: TransactionAccess,
  work: (client: pg.PoolClient) => Promise<T>,
  openings: readonly Opening[] = [],
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await Promise.all([
      client.query(`BEGIN ${access}`),
      ...openings.map((o) => run(client, o.statement, o.values)),
    ]);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}

/**
 * One statement in a transaction of its own, with BEGIN, the `openings` and COMMIT sent together: on a pipelining
 * pool (the tenant pool) the whole transaction is one round trip. A statement that fails leaves its transaction
 * aborted, so the COMMIT sent behind it rolls back.
 */
export async function statementInTransaction<R extends pg.QueryResultRow>(
  pool: pg.Pool,
  access: TransactionAccess,
  stmt: Statement,
  values: readonly unknown[],
  openings: readonly Opening[] = [],
): Promise<pg.QueryResult<R>> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    const sent = [
      client.query(`BEGIN ${access}`),
      ...openings.map((o) => run(client, o.statement, o.values)),
      run<R>(client, stmt, values),
      client.query('COMMIT'),
    ];
    const answers = await Promise.allSettled(sent);
    const failed = answers.find((a) => a.status === 'rejected');
    if (failed) throw failed.reason;
    return (answers[answers.length - 2] as PromiseFulfilledResult<pg.QueryResult<R>>).value;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}
