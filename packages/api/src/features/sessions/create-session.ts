import { claimsFor, createVirtualSession, DomainError, joinWindow } from '@virtual-care/domain';
import type { z } from 'zod';
import type {
  createSessionInputSchema,
  createSessionOutputSchema,
} from './session.schema';
import type { ApiServices } from '../../composition/services';
import { sessionDto } from './session.views';

type CreateSessionInput = z.infer<typeof createSessionInputSchema>;
type CreateSessionOutput = z.infer<typeof createSessionOutputSchema>;

const DEFAULT_LENGTH_MS = 30 * 60_000;

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
  const { deps } = services;
  const scheduledStart = new Date(input.scheduledStart);
  const scheduledEnd = input.scheduledEnd
    ? new Date(input.scheduledEnd)
    : new Date(scheduledStart.getTime() + DEFAULT_LENGTH_MS);
  if (scheduledEnd.getTime() <= deps.clock.now().getTime()) {
    throw new DomainError(
      'VALIDATION_FAILED',
      'The session would already be over: scheduledEnd must be in the future',
      { field: 'scheduledEnd' },
    );
  }
  const created = await createVirtualSession(deps, {
    tenantId,
    nodeId: tenantId, // one care node per tenant until the org hierarchy arrives
    patientId: input.patientId,
    initiatorId: userId,
    appointmentId: input.appointmentId ?? null,
    scheduledStart,
    scheduledEnd,
    recordingEnabled: input.recordingEnabled ?? false,
  });
  const patient = created.participants.find((p) => p.role === 'patient');
  if (!patient) throw new Error('a new session always has its patient participant');
  // The patient's first token, signed as GetJoinToken would (same claims, and the window of the config the session
  // was created under) without reloading the session it just wrote: the hot path saves a transaction.
  const ids = {
    tenantId,
    sessionId: created.session.id,
    participantId: patient.id,
    role: patient.role,
  };
  const token = await deps.signer.sign(claimsFor(ids, joinWindow(created.session, created.config)));
  return {
    ...(await sessionDto(services, tenantId, created.session)),
    patientJoinUrl: deps.links.joinUrl(token),
  };
}
