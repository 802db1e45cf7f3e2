export { createDatabase, type Database, type DatabaseOptions } from './database';
export { dbEnvSlice, type DbConfig } from './db.env';
export { UnconfinedLoginRoleError } from './sql/login-role';
export {
  PgTenantUnitOfWork,
  type DbTenantScope,
  type SessionCommitWatcher,
} from './unit-of-work/tenant-unit-of-work';
export { PgVirtualSessionRepository } from './repositories/virtual-session.repository';
export { PgSessionParticipantRepository } from './repositories/session-participant.repository';
export { PgTenantConfigRepository } from './repositories/tenant-config.repository';
export { PgAsyncVisitRepository } from './repositories/async-visit.repository';
export { PgConsentRecordRepository } from './repositories/consent-record.repository';
export {
  PgPatientRepository,
  type PatientListQuery,
  type PatientRecord,
} from './repositories/patient.repository';
export {
  PgIdempotencyKeyRepository,
  type IdempotencyKeyRecord,
} from './repositories/idempotency-key.repository';
export {
  PgLocalFhirEncounterRepository,
  type LocalFhirEncounterRecord,
} from './repositories/local-fhir-encounter.repository';
export {
  listenForSessionChanges,
  SESSION_CHANGES_APPLICATION_NAME,
  type SessionChangeHandlers,
  type SessionChangeListener,
  type SessionChangeListenerOptions,
} from './notifications/session-changes.listener';
export {
  listenOnChannel,
  type ChannelHandlers,
  type ChannelListener,
  type ChannelListenerOptions,
} from './notifications/listen-channel';
export {
  PgOutboxWriter,
  type OutboxTraceContext,
  type TraceContextSource,
} from './outbox/outbox.writer';
export {
  SignInStore,
  normaliseEmail,
  type MembershipRole,
  type SignInUser,
} from './platform/sign-in.store';
export { LicenceStore } from './platform/licence.store';
export type { LicensingStore, TenantLicence } from './platform/licensing.store';
export type { DirectoryStore, PatientSummary } from './directory/directory.store';
export type { IdempotencyClaim, IdempotencyStore } from './idempotency/idempotency.store';
export {
  IDEMPOTENCY_KEY_LIFETIME_HOURS,
  type HousekeepingStore,
} from './housekeeping/housekeeping.store';
export { RateLimitStore, type SharedCounterOptions } from './rate-limit/rate-limit.store';
export type { RewrapCount, SecretRotationStore } from './secrets/secret-rotation.store';
export { migrate, type MigrateOptions, type MigrateResult } from './migrate/migration.runner';
export {
  seedDemo,
  DEMO_TENANT_ID,
  HERAT_TENANT_ID,
  type SeedOptions,
  type SeedResult,
} from './seed/demo-tenant';
export { hashPassword, verifyPassword } from './platform/password';
export * from './relay';
