import { awaitsAsyncVisitEncounter, type AsyncVisitRecord } from '@virtual-care/domain';
import { toEncounterRejectionDto } from '../sessions/session-dto.mapper';
import type { AsyncVisitDto } from './async-visit.schema';

export function asyncVisitDto(visit: AsyncVisitRecord): AsyncVisitDto {
  return {
    id: visit.id,
    patientId: visit.patientId,
    appointmentId: visit.appointmentId,
    providerId: visit.providerId,
    chiefComplaint: visit.chiefComplaint,
    attachmentRefs: visit.attachmentRefs,
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
