import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from './generated/prisma/client';
import {
  listenForSessionChanges,
  type SessionChangeHandlers,
  type SessionChangeListener,
} from './notifications/session-changes.listener';
import { LicenceStore } from './platform/licence.store';
import { SignInStore } from './platform/sign-in.store';
import { PgTenantUnitOfWork } from './unit-of-work/tenant-unit-of-work';

export interface DatabaseOptions {
  /** The application's login role (never a superuser or table owner). */
  readonly url: string;
  /** Pool size; default 10. */
  readonly maxConnections?: number;
  /** Errors of idle pooled connections (e.g. server restart); default: ignored, the pool reconnects. */
  readonly onPoolError?: (error: Error) => void;
}

export interface Database {
  /** Prisma client on the same pool, for platform (non-tenant) data and ad-hoc reads. */
  readonly prisma: PrismaClient;
  /** The raw pool, for hot paths and tools (e.g. the outbox relay). */
  readonly pool: pg.Pool;
  /** Tenant-scoped units of work (RLS) with the repositories and the outbox writer, on a pool of their own. */
  readonly unitOfWork: PgTenantUnitOfWork;
  readonly signIn: SignInStore;
  readonly licence: LicenceStore;
  /**
   * Reports every committed change to a session, from any instance, on a dedicated connection to `url`
   * (LISTEN cannot share a pooled one), e.g. to drop an in-process cache entry. The caller closes it;
   * `close()` of the database does not, as it was not opened with the pools.
   */
  listenForSessionChanges(handlers: SessionChangeHandlers): SessionChangeListener;
  close(): Promise<void>;
}

/**
 * Two pools of `maxConnections` each. Prisma and tools share one. The tenant units of work have the other to
 * themselves: their connections may carry a tenant in a session setting (`read`), which must never reach a query
 * made outside a unit of work, and they are read-only unless a unit of work opens a read-write transaction.
 */
export function createDatabase(options: DatabaseOptions): Database {
  const max = options.maxConnections ?? 10;
  const onError = options.onPoolError ?? (() => {});
  const pool = new pg.Pool({ connectionString: options.url, max });
  const tenantPool = new pg.Pool({
    connectionString: options.url,
    max,
    options: '-c default_transaction_read_only=on',
  });
  pool.on('error', onError);
  tenantPool.on('error', onError);
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    prisma,
    pool,
    unitOfWork: new PgTenantUnitOfWork(tenantPool),
    signIn: new SignInStore(prisma),
    licence: new LicenceStore(prisma),
    listenForSessionChanges: (handlers) => listenForSessionChanges(options.url, handlers),
    async close() {
      await prisma.$disconnect();
      await Promise.all([pool.end(), tenantPool.end()]);
    },
  };
}
