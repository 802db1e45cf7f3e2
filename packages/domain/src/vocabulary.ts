// The spec's word lists, for screens that need them without the rest of the domain (a small client bundle).
export {
  SESSION_STATUSES,
  VIDEO_BACKENDS,
  type SessionStatus,
  type VideoBackend,
} from './records/virtual-session.record';
export {
  PARTICIPANT_ROLES,
  PARTICIPANT_STATUSES,
  type ParticipantRole,
  type ParticipantStatus,
} from './records/session-participant.record';
export { OPEN_SESSION_STATUSES } from './machines/virtual-session.machine';
