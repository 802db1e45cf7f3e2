import { awaitsAsyncVisitEncounter, type AsyncVisitRecord } from '@virtual-care/domain';
import type { ApiServices } from '../../composition/services';
import { toEncounterRejectionDto } from '../sessions/session-dto.mapper';
import type { AsyncVisitDto } from './async-visit.schema';

function toAsyncVisitDto(
  visit: AsyncVisitRecord,
  patientDisplayName: string | null,
): AsyncVisitDto {
  return {
    id: visit.id,
    patientId: visit.patientId,
    patientDisplayName,
    appointmentId: visit.appointmentId,
    providerId: visit.providerId,
    chiefComplaint: visit.chiefComplaint,
    attachmentRefs: visit.attachmentRefs,
    answers: visit.answers,
    status: visit.status,
    clientMutationId: visit.clientMutationId,
    submittedAt: visit.submittedAt?.toISOString() ?? null,
    respondedAt: visit.respondedAt?.toISOString() ?? null,
    encounterId: visit.encounterId,
    encounterPending: awaitsAsyncVisitEncounter(visit),
    encounterRejection: toEncounterRejectionDto(visit.encounterRejection),
    response: visit.responseText,
    createdAt: visit.createdAt.toISOString(),
    updatedAt: visit.updatedAt.toISOString(),
  };
}

/** Use-case records as the API's DTOs, with the patients' registry names (one look-up for a whole page). */
export async function asyncVisitDtos(
  services: ApiServices,
  tenantId: string,
  visits: readonly AsyncVisitRecord[],
): Promise<AsyncVisitDto[]> {
  const names = await services.directory.patientNames(
    tenantId,
    visits.map((v) => v.patientId),
  );
  return visits.map((v) => toAsyncVisitDto(v, names.get(v.patientId) ?? null));
}

export async function asyncVisitDto(
  services: ApiServices,
  tenantId: string,
  visit: AsyncVisitRecord,
): Promise<AsyncVisitDto> {
  const [dto] = await asyncVisitDtos(services, tenantId, [visit]);
  return dto!;
}
