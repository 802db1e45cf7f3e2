export * from './auth';
export * from './edge/context';
export * from './edge/trpc';
export * from './edge/app.router';
export * from './features/me/me.schema';
export * from './edge/error-status';
export * from './edge/render-error';
export * from './edge/error-formatter';
export * from './features/join/enter';
export { joinStatus, type JoinStatus } from './features/join/join-status';
export * from './features/join/join-bandwidth';
export {
  joinMessages,
  joinSendMessage,
  type JoinThreadMessage,
} from './features/join/join-messages';
export { validateJoinLink, type JoinValidation } from './features/join/validate-join';
export * from './config';
export * from './features/health/readiness';
export * from './adapters/nats-probe.adapter';
export * from './logger';
export * from './metrics';
export * from './adapters';
export * from './composition';
export * from './edge/common.schema';
export * from './features/sessions/session.schema';
export * from './features/participants/participant.schema';
export * from './features/waiting-room/waiting-room.schema';
export * from './features/join/join.schema';
export * from './features/patients/patient.schema';
export * from './features/sessions/session-dto.mapper';
export * from './edge/rest';
export { crossSiteRefusal } from './edge/same-origin';
export * from './edge/rate-limit';
export * from './edge/trpc-handler';
export * from './features/async-visits/attachments/attachment.route';
export * from './features/scribe/transcribe/transcribe.route';
export { MAX_AUDIO_CHUNK_BYTES } from './features/scribe/transcribe/audio-chunk';
export {
  ATTACHMENT_SHA256_HEADER,
  MAX_ATTACHMENT_BYTES,
  type AttachmentDto,
} from './features/async-visits/attachments/upload-attachment';
export { ATTACHMENT_CONTENT_TYPES } from './features/async-visits/attachments/image-signature';
// The light half of tracing (decision 0042): the SDK's start is @virtual-care/api/telemetry's.
export { activeTraceContext, type TraceContext } from './telemetry/trace-context';
