import type {
  SessionSnapshot,
  VirtualSessionParticipantRecord,
  VirtualSessionRecord,
} from '@virtual-care/domain';
import { toDetailDto, toParticipantDto, toSessionDto } from './session-dto.mapper';
import type { ParticipantDto } from '../participants/participant.schema';
import type { VirtualSessionDto } from './session.schema';
import type { ApiServices } from '../../composition/services';

/** Use-case records as the API's DTOs, with the display names the pages show. */
export async function sessionDtos(
  services: ApiServices,
  tenantId: string,
  sessions: readonly VirtualSessionRecord[],
): Promise<VirtualSessionDto[]> {
  const names = await services.directory.patientNames(
    tenantId,
    sessions.map((s) => s.patientId),
  );
  return sessions.map((s) => toSessionDto(s, names.get(s.patientId) ?? null));
}

export async function sessionDto(
  services: ApiServices,
  tenantId: string,
  session: VirtualSessionRecord,
): Promise<VirtualSessionDto> {
  const [dto] = await sessionDtos(services, tenantId, [session]);
  return dto!;
}

export async function participantDtos(
  services: ApiServices,
  tenantId: string,
  participants: readonly VirtualSessionParticipantRecord[],
): Promise<ParticipantDto[]> {
  const nameOf = await participantNames(services, tenantId, participants);
  return participants.map((p) => toParticipantDto(p, nameOf(p)));
}

export async function detailDto(
  services: ApiServices,
  tenantId: string,
  snapshot: SessionSnapshot,
) {
  const nameOf = await participantNames(services, tenantId, snapshot.participants);
  const patient = snapshot.participants.find(
    (p) => p.role === 'patient' && p.userId === snapshot.session.patientId,
  );
  return toDetailDto(snapshot, patient ? nameOf(patient) : null, nameOf);
}

async function participantNames(
  services: ApiServices,
  tenantId: string,
  participants: readonly VirtualSessionParticipantRecord[],
) {
  const patients = participants.filter((p) => p.role === 'patient').map((p) => p.userId);
  const staff = participants.filter((p) => p.role !== 'patient').map((p) => p.userId);
  const [patientNames, userNames] = await Promise.all([
    services.directory.patientNames(tenantId, patients),
    services.directory.userNames(staff),
  ]);
  return (p: VirtualSessionParticipantRecord): string | null =>
    (p.role === 'patient' ? patientNames.get(p.userId) : userNames.get(p.userId)) ?? null;
}
