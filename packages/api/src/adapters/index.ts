// Adapters for the outside systems (one file each) and their local stand-ins; the composition root
// picks one per port from configuration.
export * from './jitsi-meet.adapter';
export * from './jitsi-health-check.adapter';
export * from './fhir-gateway.adapter';
export * from './communication-service.adapter';
export * from './ai-gateway.adapter';
export * from './local-encounter-store.adapter';
export * from './consent-check.adapter';
export * from './attachment-store.fs.adapter';
export * from './attachment-store.s3.adapter';
export * from './hmac-join-token.adapter';
export * from './kms-secret.adapter';
export { fhirValidationIssues } from './fhir-validator';
export type { FetchLike } from './http-timeout';
export type { JitsiUrlPolicy } from './jitsi-server-url';
export * from './nats-live-events.adapter';
export * from './nats-event-subject';
