import type { TenantScope, UnitOfWork } from '@virtual-care/domain';
import type pg from 'pg';
import { PgOutboxWriter } from '../outbox/outbox.writer';
import { PgAsyncVisitRepository } from '../repositories/async-visit.repository';
import { PgConsentRecordRepository } from '../repositories/consent-record.repository';
import { PgIdempotencyKeyRepository } from '../repositories/idempotency-key.repository';
import { PgLocalFhirEncounterRepository } from '../repositories/local-fhir-encounter.repository';
import { PgPatientRepository } from '../repositories/patient.repository';
import { PgSessionParticipantRepository } from '../repositories/session-participant.repository';
import { PgTenantConfigRepository } from '../repositories/tenant-config.repository';
import { PgVirtualSessionRepository } from '../repositories/virtual-session.repository';

/**
 * The domain's scope plus what only the product's edge needs (patient picker, Idempotency-Key, the
 * demo's local FHIR Encounter store).
 */
export interface DbTenantScope extends TenantScope {
  readonly patients: PgPatientRepository;
  readonly idempotencyKeys: PgIdempotencyKeyRepository;
  readonly localEncounters: PgLocalFhirEncounterRepository;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * One transaction per `run` on one pooled connection, with `app.tenant_id` set for
 * that transaction only, so RLS confines every statement to the tenant. Plain `pg`
 * with named prepared statements rather than a Prisma interactive transaction: the
 * session-creation path must stay within a small factor of raw `pg`
 * (docs/decisions/0002-database-access.md).
 */
export class PgTenantUnitOfWork implements UnitOfWork {
  constructor(private readonly pool: pg.Pool) {}

  async run<T>(tenantId: string, work: (scope: DbTenantScope) => Promise<T>): Promise<T> {
    // Validated, so it can be inlined: BEGIN and set_config then share one round trip.
    if (!UUID.test(tenantId)) throw new Error('unit of work: tenantId must be a UUID');
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query(`BEGIN; SELECT set_config('app.tenant_id', '${tenantId}', true)`);
      const result = await work(createScope(client, tenantId));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => {
        broken = rollbackError; // the connection is unusable: drop it from the pool
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }
}

function createScope(client: pg.PoolClient, tenantId: string): DbTenantScope {
  return {
    tenantId,
    sessions: new PgVirtualSessionRepository(client, tenantId),
    participants: new PgSessionParticipantRepository(client),
    tenantConfigs: new PgTenantConfigRepository(client),
    asyncVisits: new PgAsyncVisitRepository(client, tenantId),
    consents: new PgConsentRecordRepository(client, tenantId),
    patients: new PgPatientRepository(client, tenantId),
    idempotencyKeys: new PgIdempotencyKeyRepository(client, tenantId),
    localEncounters: new PgLocalFhirEncounterRepository(client, tenantId),
    outbox: new PgOutboxWriter(client),
  };
}
