import type { TenantScope, UnitOfWork } from '@virtual-care/domain';
import type pg from 'pg';
import { run, statement } from '../sql/queryable';
import { assertUuids, inTenantTransaction } from '../sql/tenant-transaction';
import {
  PgOutboxWriter,
  type OutboxTraceContext,
  type TraceContextSource,
} from '../outbox/outbox.writer';
import { PgAsyncVisitRepository } from '../repositories/async-visit.repository';
import { PgConsentRecordRepository } from '../repositories/consent-record.repository';
import { PgIdempotencyKeyRepository } from '../repositories/idempotency-key.repository';
import { PgLocalFhirEncounterRepository } from '../repositories/local-fhir-encounter.repository';
import { PgPatientRepository } from '../repositories/patient.repository';
import { PgSessionParticipantRepository } from '../repositories/session-participant.repository';
import { PgSessionTranscriptRepository } from '../repositories/session-transcript.repository';
import { PgTenantConfigRepository } from '../repositories/tenant-config.repository';
import { PgVirtualSessionRepository } from '../repositories/virtual-session.repository';
import { PgWaitingRoomReadModel } from '../repositories/waiting-room.read-model';

/**
 * The domain's scope plus what only the product's edge needs (patient picker, Idempotency-Key, the
 * demo's local FHIR Encounter store).
 */
export interface DbTenantScope extends TenantScope {
  readonly patients: PgPatientRepository;
  readonly idempotencyKeys: PgIdempotencyKeyRepository;
  readonly localEncounters: PgLocalFhirEncounterRepository;
}

/** Told of a session changed by this process's unit of work, just after its commit. */
export type SessionCommitWatcher = (tenantId: string, sessionId: string) => void;

const SET_SESSION_TENANT = statement(
  'set_session_tenant',
  "SELECT set_config('app.tenant_id', $1, false)",
);

/**
 * Tenant-scoped units of work on a pool of their own (see createDatabase), so RLS confines every statement
 * to the tenant. Plain `pg` with named prepared statements rather than a Prisma interactive transaction: the
 * session-creation path must stay within a small factor of raw `pg` (docs/decisions/0002-database-access.md).
 *
 * - `run`: one read-write tenant transaction (`inTenantTransaction`): `app.tenant_id` set for it alone.
 * - `read`: no transaction. The pool's connections are read-only by default, so a write there is refused by
 *   PostgreSQL; `app.tenant_id` is set on the connection itself, and only when it last served another tenant
 *   (decision 0010).
 * - `readForPatient`: one read-only tenant transaction with `app.patient_id` set too, so row-level security
 *   confines sessions and participants to that patient and nothing of it outlives the transaction.
 */
export class PgTenantUnitOfWork implements UnitOfWork {
  /** The tenant each connection's session setting names (a connection new to the pool names none). */
  private readonly sessionTenant = new WeakMap<pg.PoolClient, string>();

  private readonly commitWatchers = new Set<SessionCommitWatcher>();

  /** `traceContext`: the trace a read-write unit of work runs in, stored with its events (decision 0042). */
  constructor(
    private readonly pool: pg.Pool,
    private readonly traceContext: TraceContextSource = () => null,
  ) {}

  /**
   * Calls `watcher` for each session a unit of work of this process changed (updated, or saved participants of),
   * once it has committed and before `run` returns; the returned function stops it. Other processes' changes
   * arrive as PostgreSQL notices (`listenForSessionChanges`).
   */
  watchCommittedSessions(watcher: SessionCommitWatcher): () => void {
    this.commitWatchers.add(watcher);
    return () => this.commitWatchers.delete(watcher);
  }

  async read<T>(tenantId: string, work: (scope: DbTenantScope) => Promise<T>): Promise<T> {
    assertUuids({ tenantId });
    const client = await this.pool.connect();
    try {
      if (this.sessionTenant.get(client) !== tenantId) {
        this.sessionTenant.delete(client); // unknown until the setting is confirmed
        await run(client, SET_SESSION_TENANT, [tenantId]);
        this.sessionTenant.set(client, tenantId);
      }
      return await work(createScope(client, tenantId));
    } finally {
      client.release();
    }
  }

  async run<T>(tenantId: string, work: (scope: DbTenantScope) => Promise<T>): Promise<T> {
    const changed = new Set<string>();
    const trace = this.traceContext();
    const result = await inTenantTransaction(this.pool, { tenantId }, 'READ WRITE', (client) =>
      work(createScope(client, tenantId, changed, trace)),
    );
    for (const sessionId of changed)
      for (const watcher of this.commitWatchers) watcher(tenantId, sessionId);
    return result;
  }

  readForPatient<T>(
    tenantId: string,
    patientId: string,
    work: (scope: DbTenantScope) => Promise<T>,
  ): Promise<T> {
    return inTenantTransaction(this.pool, { tenantId, patientId }, 'READ ONLY', (client) =>
      work(createScope(client, tenantId)),
    );
  }
}

function createScope(
  client: pg.PoolClient,
  tenantId: string,
  changed?: Set<string>,
  trace: OutboxTraceContext | null = null,
): DbTenantScope {
  return {
    tenantId,
    sessions: new PgVirtualSessionRepository(client, tenantId, changed, trace),
    participants: new PgSessionParticipantRepository(client, changed),
    tenantConfigs: new PgTenantConfigRepository(client),
    asyncVisits: new PgAsyncVisitRepository(client, tenantId),
    consents: new PgConsentRecordRepository(client, tenantId),
    patients: new PgPatientRepository(client, tenantId),
    idempotencyKeys: new PgIdempotencyKeyRepository(client, tenantId),
    localEncounters: new PgLocalFhirEncounterRepository(client, tenantId),
    outbox: new PgOutboxWriter(client, trace),
    waitingRoom: new PgWaitingRoomReadModel(client, tenantId),
    transcripts: new PgSessionTranscriptRepository(client, tenantId),
  };
}
