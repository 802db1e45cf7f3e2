import type {
  BandwidthChange,
  EncounterRejection,
  SessionSnapshot,
  VirtualSessionParticipantRecord,
  VirtualSessionRecord,
} from '@virtual-care/domain';
import type { ParticipantDto } from '../participants/participant.schema';
import type {
  BandwidthChangeDto,
  EncounterRejectionDto,
  VirtualSessionDto,
} from './session.schema';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function toSessionDto(
  s: VirtualSessionRecord,
  patientDisplayName: string | null,
): VirtualSessionDto {
  return {
    id: s.id,
    tenantId: s.tenantId,
    patientId: s.patientId,
    patientDisplayName,
    appointmentId: s.appointmentId,
    encounterId: s.encounterId,
    initiatorId: s.initiatorId,
    videoBackend: s.videoBackend,
    roomName: s.roomName,
    roomUrl: s.roomUrl,
    status: s.status,
    scheduledStart: s.scheduledStart.toISOString(),
    scheduledEnd: s.scheduledEnd.toISOString(),
    actualStart: iso(s.actualStart),
    actualEnd: iso(s.actualEnd),
    durationSeconds:
      s.actualStart && s.actualEnd
        ? Math.max(0, Math.round((s.actualEnd.getTime() - s.actualStart.getTime()) / 1000))
        : null,
    recordingEnabled: s.recordingEnabled,
    recordingRef: s.recordingRef,
    failureReason: s.failureReason,
    cancellationReason: s.cancellationReason,
    runningLateMinutes: s.runningLateMinutes,
    messagingThreadId: s.messagingThreadId,
    bandwidthProfile: s.bandwidthProfile,
    version: s.version,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

export function toParticipantDto(
  p: VirtualSessionParticipantRecord,
  displayName: string | null,
): ParticipantDto {
  return {
    id: p.id,
    sessionId: p.sessionId,
    userId: p.userId,
    role: p.role,
    status: p.status,
    displayName,
    joinedAt: iso(p.joinedAt),
    leftAt: iso(p.leftAt),
    removedAt: iso(p.removedAt),
    removedReason: p.removedReason,
    lastSeenAt: iso(p.lastSeenAt),
    waitingSince: iso(p.waitingSince),
    deviceCheck: p.deviceCheck,
  };
}

/** Display names by participant: the patient's registry name, providers' account names. */
export type NameLookup = (p: VirtualSessionParticipantRecord) => string | null;

export function toDetailDto(
  snapshot: SessionSnapshot,
  patientDisplayName: string | null,
  nameOf: NameLookup,
) {
  return {
    ...toSessionDto(snapshot.session, patientDisplayName),
    participants: snapshot.participants.map((p) => toParticipantDto(p, nameOf(p))),
    encounterRejection: toEncounterRejectionDto(snapshot.session.encounterRejection),
    bandwidthChanges: snapshot.session.bandwidthChanges.map(toBandwidthChangeDto),
  };
}

export function toBandwidthChangeDto(change: BandwidthChange): BandwidthChangeDto {
  return { ...change, changedAt: change.changedAt.toISOString() };
}

export function toEncounterRejectionDto(
  rejection: EncounterRejection | null,
): EncounterRejectionDto | null {
  if (!rejection) return null;
  return {
    at: rejection.at.toISOString(),
    httpStatus: rejection.httpStatus,
    issues: rejection.outcome.issue.map((issue) => ({
      severity: issue.severity,
      code: issue.code,
      text: issue.details?.text ?? issue.diagnostics ?? null,
    })),
  };
}
