import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { DirectoryStore } from './directory/directory.store';
import { HousekeepingStore } from './housekeeping/housekeeping.store';
import { PrismaClient } from './generated/prisma/client';
import type { TraceContextSource } from './outbox/outbox.writer';
import { IdempotencyStore } from './idempotency/idempotency.store';
import {
  listenForSessionChanges,
  type SessionChangeHandlers,
  type SessionChangeListener,
} from './notifications/session-changes.listener';
import { LicenceStore } from './platform/licence.store';
import { LicensingStore } from './platform/licensing.store';
import { RateLimitStore } from './rate-limit/rate-limit.store';
import { SignInStore } from './platform/sign-in.store';
import { InboxStore } from './relay/inbox.store';
import { OutboxRelayStore } from './relay/outbox-relay.store';
import { WorkerScanStore } from './relay/worker-scan.store';
import { SecretRotationStore } from './secrets/secret-rotation.store';
import { confirmLoginRoleWhenReachable } from './sql/login-role';
import { createTenantPool } from './sql/tenant-transaction';
import { PgPresenceStore } from './unit-of-work/presence.store';
import { PgTenantUnitOfWork } from './unit-of-work/tenant-unit-of-work';

export interface DatabaseOptions {
  /** The application's login role (never a superuser or table owner). */
  readonly url: string;
  /** Pool size; default 10. */
  readonly maxConnections?: number;
  /** Errors of idle pooled connections (e.g. server restart); default: ignored, the pool reconnects. */
  readonly onPoolError?: (error: Error) => void;
  /** The active trace context, stored with each outbox row (decision 0042); default: none. */
  readonly traceContext?: TraceContextSource;
}

/**
 * The only door to PostgreSQL: what the apps need, as stores and units of work. No pool and no Prisma client
 * leave this package (a lint rule keeps `pg` and `@prisma/*` imports inside it).
 */
export interface Database {
  /** Tenant-scoped units of work (RLS) with the repositories and the outbox writer, on a pool of their own. */
  readonly unitOfWork: PgTenantUnitOfWork;
  /** A heartbeat that moves nothing, as one statement in one round trip (on the tenant pool). */
  readonly presence: PgPresenceStore;
  readonly signIn: SignInStore;
  readonly licence: LicenceStore;
  /** The platform admin's licence switch (`pnpm licence`). */
  readonly licensing: LicensingStore;
  /** Names, video configuration and the patient registry, for pages. */
  readonly directory: DirectoryStore;
  /** Idempotency-Keys of POSTs. */
  readonly idempotency: IdempotencyStore;
  /** Stored credentials' envelopes, for the master-key rotation. */
  readonly secretRotation: SecretRotationStore;
  /** The outbox as the worker's relay sees it (claim, mark, prune, lag). */
  readonly outbox: OutboxRelayStore;
  /** Consumed events already processed (the scheduling consumer's dedupe). */
  readonly inbox: InboxStore;
  /** The worker's cross-tenant scans. */
  readonly scans: WorkerScanStore;
  /** The worker's deletion of expired idempotency keys, old sign-in attempts and old inbox rows. */
  readonly housekeeping: HousekeepingStore;
  /** Request counters every instance shares (the API's rate limits, decision 0035). */
  readonly rateLimits: RateLimitStore;
  /** Resolves when the database answers a query on this process's pool (readiness). */
  ping(): Promise<void>;
  /**
   * Resolves once the database answers and the login role is confined by row-level security; rejects with
   * UnconfinedLoginRoleError when it is a superuser or BYPASSRLS. The apps call it at start-up and refuse to run.
   */
  confirmLoginRole(onUnreachable: (error: Error, retryInMs: number) => void): Promise<void>;
  /**
   * Reports every committed change to a session, from any instance, on a dedicated connection to `url`
   * (LISTEN cannot share a pooled one), e.g. to drop an in-process cache entry. The caller closes it;
   * `close()` of the database does not, as it was not opened with the pools.
   */
  listenForSessionChanges(handlers: SessionChangeHandlers): SessionChangeListener;
  close(): Promise<void>;
}

/**
 * Two pools of `maxConnections` each. The platform pool serves Prisma and the cross-tenant stores. The tenant
 * pool serves only tenant-scoped work (units of work, tenant transactions): its connections may carry a tenant
 * in a session setting (`read`), which must never reach a query made elsewhere, they are read-only unless a
 * transaction opens read-write, and they pipeline (createTenantPool).
 */
export function createDatabase(options: DatabaseOptions): Database {
  return openDatabase(options).database;
}

/** createDatabase and its platform pool, for this package's test support (not exported by the package). */
export function openDatabase(options: DatabaseOptions): { database: Database; pool: pg.Pool } {
  const max = options.maxConnections ?? 10;
  const onError = options.onPoolError ?? (() => {});
  const pool = new pg.Pool({ connectionString: options.url, max });
  const tenantPool = createTenantPool(options.url, max);
  pool.on('error', onError);
  tenantPool.on('error', onError);
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  const unitOfWork = new PgTenantUnitOfWork(tenantPool, options.traceContext);
  const database: Database = {
    unitOfWork,
    presence: new PgPresenceStore(tenantPool),
    signIn: new SignInStore(prisma),
    licence: new LicenceStore(prisma),
    licensing: new LicensingStore(prisma),
    directory: new DirectoryStore(prisma, unitOfWork),
    idempotency: new IdempotencyStore(unitOfWork),
    secretRotation: new SecretRotationStore(pool, tenantPool),
    outbox: new OutboxRelayStore(pool),
    inbox: new InboxStore(pool),
    scans: new WorkerScanStore(pool, tenantPool),
    housekeeping: new HousekeepingStore(pool),
    rateLimits: new RateLimitStore(pool),
    async ping() {
      await pool.query('SELECT 1');
    },
    confirmLoginRole: (onUnreachable) => confirmLoginRoleWhenReachable(pool, onUnreachable),
    listenForSessionChanges: (handlers) => listenForSessionChanges(options.url, handlers),
    async close() {
      await prisma.$disconnect();
      await Promise.all([pool.end(), tenantPool.end()]);
    },
  };
  return { database, pool };
}
