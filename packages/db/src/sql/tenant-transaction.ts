import pg from 'pg';
import { statement, type Statement } from './queryable';
import {
  inTransaction,
  statementInTransaction,
  type Opening,
  type TransactionAccess,
} from './transaction';

/** Whose rows a transaction may touch: row-level security reads these settings (decisions 0003, 0015). */
export interface TenantBinding {
  readonly tenantId: string;
  /** Confines sessions and participants further, to one patient's own. */
  readonly patientId?: string;
}

const SET_TENANT = statement('tx_set_tenant', "SELECT set_config('app.tenant_id', $1, true)");
// The commit does not wait for its WAL flush: for writes whose loss in a crash costs nothing (see tenantStatement).
const SET_TENANT_COMMIT_UNFLUSHED = statement(
  'tx_set_tenant_commit_unflushed',
  "SELECT set_config('app.tenant_id', $1, true), set_config('synchronous_commit', 'off', true)",
);
const SET_TENANT_AND_PATIENT = statement(
  'tx_set_tenant_patient',
  "SELECT set_config('app.tenant_id', $1, true), set_config('app.patient_id', $2, true)",
);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Refuses an id that names nobody before any SQL runs (RLS would fail on the uuid cast instead). */
export function assertUuids(binding: TenantBinding): void {
  if (!UUID.test(binding.tenantId)) throw new Error('tenant transaction: tenantId must be a UUID');
  if (binding.patientId !== undefined && !UUID.test(binding.patientId))
    throw new Error('tenant transaction: patientId must be a UUID');
}

/**
 * The pool tenant-scoped work runs on, and nothing else: read-only unless a transaction opens read-write, and
 * pipelining, so a tenant transaction's BEGIN and settings share one round trip.
 */
export function createTenantPool(url: string, maxConnections: number): pg.Pool {
  return new pg.Pool({
    connectionString: url,
    max: maxConnections,
    options: '-c default_transaction_read_only=on',
    pipeline: true,
  });
}

/**
 * The one way a tenant's transaction runs: BEGIN, `set_config(..., true)` with the ids as bound parameters (never
 * inlined into SQL), `work`, COMMIT or ROLLBACK. The settings are the transaction's own, so nothing of them
 * outlives it on the pooled connection. `pool` is the tenant pool (createTenantPool).
 */
export async function inTenantTransaction<T>(
  pool: pg.Pool,
  binding: TenantBinding,
  access: TransactionAccess,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  assertUuids(binding);
  return inTransaction(pool, access, work, [settingOf(binding)]);
}

/**
 * One statement as a tenant's transaction of its own (as inTenantTransaction), BEGIN to COMMIT in one round trip on
 * the tenant pool: for the hottest writes, where a transaction's own round trips would cost more than the statement.
 * `unflushed`: the commit returns before its WAL reaches the disk (`synchronous_commit` off, for this transaction
 * only), for a write that is repeated every few seconds anyway and whose loss in a crash costs nothing. It is never
 * seen before it commits, and never torn.
 */
export function tenantStatement<R extends pg.QueryResultRow>(
  pool: pg.Pool,
  tenantId: string,
  stmt: Statement,
  values: readonly unknown[],
  options: { unflushed?: boolean } = {},
): Promise<pg.QueryResult<R>> {
  assertUuids({ tenantId });
  const setting = options.unflushed ? SET_TENANT_COMMIT_UNFLUSHED : SET_TENANT;
  return statementInTransaction<R>(pool, 'READ WRITE', stmt, values, [
    { statement: setting, values: [tenantId] },
  ]);
}

/** The transaction's own settings for the binding, with the ids as bound parameters. */
function settingOf(binding: TenantBinding): Opening {
  return binding.patientId === undefined
    ? { statement: SET_TENANT, values: [binding.tenantId] }
    : { statement: SET_TENANT_AND_PATIENT, values: [binding.tenantId, binding.patientId] };
}
