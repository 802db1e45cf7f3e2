import type { FhirGatewayPort } from '../../ports/fhir-gateway.port';
import type { SessionSnapshot } from '../../session/virtual-session.aggregate';
import type { CoreDeps } from './use-case-deps.helper';
import { loadSession, saveSession } from './session-store.helper';

export interface EncounterDeps extends CoreDeps {
  fhir: FhirGatewayPort;
}

/**
 * FHIR Encounter saga step for an ended session: conditional create (keyed by session id), then store the id
 * and raise the billing event. A FHIR failure leaves encounterId null for the retry job and is not an error.
 */
export async function ensureEncounter(
  deps: EncounterDeps,
  tenantId: string,
  ended: SessionSnapshot,
): Promise<{ snapshot: SessionSnapshot; created: boolean }> {
  const { session, participants } = ended;
  if (session.encounterId !== null || session.status !== 'ended')
    return { snapshot: ended, created: false };
  let encounterId: string;
  try {
    encounterId = await deps.fhir.createEncounter({
      tenantId,
      sourceId: session.id,
      source: 'virtual_session',
      patientId: session.patientId,
      appointmentId: session.appointmentId,
      practitionerIds: participants.filter((p) => p.role === 'provider').map((p) => p.userId),
      periodStart: session.actualStart ?? session.scheduledStart,
      periodEnd: session.actualEnd ?? deps.clock.now(),
    });
  } catch {
    return { snapshot: ended, created: false };
  }
  return deps.uow.run(tenantId, async (scope) => {
    const aggregate = await loadSession(scope, session.id, deps);
    const created = aggregate.recordEncounter(encounterId);
    return { snapshot: await saveSession(scope, aggregate), created };
  });
}
