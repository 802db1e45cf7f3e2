import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from './generated/prisma/client';
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
  /** Tenant-scoped transactions (RLS) with the repositories and the outbox writer. */
  readonly unitOfWork: PgTenantUnitOfWork;
  readonly signIn: SignInStore;
  readonly licence: LicenceStore;
  close(): Promise<void>;
}

/** One pool per process: Prisma and the unit of work share its connections. */
export function createDatabase(options: DatabaseOptions): Database {
  const pool = new pg.Pool({ connectionString: options.url, max: options.maxConnections ?? 10 });
  pool.on('error', options.onPoolError ?? (() => {}));
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    prisma,
    pool,
    unitOfWork: new PgTenantUnitOfWork(pool),
    signIn: new SignInStore(prisma),
    licence: new LicenceStore(prisma),
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}
