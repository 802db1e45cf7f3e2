export * from './api-config';
export * from './services';
export * from './runtime-ports';
export {
  IdempotencyKeyReusedError,
  requestFingerprint,
  type IdempotencyStore,
} from './idempotency.store';
export type { PatientSummary, TenantDirectory } from './tenant-directory';
