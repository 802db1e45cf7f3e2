import { createVirtualSession } from '@virtual-care/domain';
import type { z } from 'zod';
import type { createSessionInputSchema, createSessionOutputSchema } from './session.schema';
import type { ApiServices } from '../../composition/services';
import { sessionDto } from './session.views';

type CreateSessionInput = z.infer<typeof createSessionInputSchema>;
type CreateSessionOutput = z.infer<typeof createSessionOutputSchema>;

export interface CreateSessionRequest {
  tenantId: string;
  userId: string;
  input: CreateSessionInput;
  idempotencyKey: string | null;
}

/**
 * POST /sessions: the CreateVirtualSession use case, then the patient's join link (so the clinician can send it at
 * once). With an Idempotency-Key the whole reply is stored and replayed.
 */
export function createSessionWithLink(
  services: ApiServices,
  request: CreateSessionRequest,
): Promise<CreateSessionOutput> {
  const work = () => create(services, request);
  if (!request.idempotencyKey) return work();
  const fingerprint = {
    operation: 'sessions.create',
    userId: request.userId,
    input: request.input,
  };
  return services.idempotency.run(request.tenantId, request.idempotencyKey, fingerprint, work);
}

async function create(
  services: ApiServices,
  { tenantId, userId, input }: CreateSessionRequest,
): Promise<CreateSessionOutput> {
  const created = await createVirtualSession(services.deps, {
    tenantId,
    nodeId: tenantId, // one care node per tenant until the org hierarchy arrives
    patientId: input.patientId,
    initiatorId: userId,
    appointmentId: input.appointmentId ?? null,
    scheduledStart: new Date(input.scheduledStart),
    scheduledEnd: input.scheduledEnd ? new Date(input.scheduledEnd) : null,
    recordingEnabled: input.recordingEnabled ?? false,
  });
  return {
    ...(await sessionDto(services, tenantId, created.session)),
    patientJoinUrl: services.deps.links.joinUrl(created.patientJoinToken.token),
  };
}
