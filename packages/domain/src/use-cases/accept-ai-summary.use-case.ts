import { DomainError } from '../errors/domain.errors';
import { createAuditEvent } from '../events/audit.events';
import type { FhirGatewayPort } from '../ports/fhir-gateway.port';
import { assertStatusIn } from './shared/session-status.helper';
import { loadSession } from './shared/session-store.helper';
import type { CoreDeps } from './shared/use-case-deps.helper';

export interface AcceptAiSummaryDeps extends CoreDeps {
  fhir: FhirGatewayPort;
}

export interface AcceptAiSummaryCommand {
  tenantId: string;
  sessionId: string;
  actorId: string;
  accepted: boolean;
  summaryText: string;
  aiModel: string;
  /** The clinician changed the AI's draft before accepting it (recorded on the note). */
  edited: boolean;
}

/**
 * The only path from an AI draft to the chart (US-012): written with AI provenance when the clinician accepts,
 * nothing written when they decline. Summaries are often finished after the call, so an ended session takes
 * them too. Both decisions are audited (without the text).
 */
export async function acceptAiSummary(
  deps: AcceptAiSummaryDeps,
  command: AcceptAiSummaryCommand,
): Promise<{ written: boolean; noteId: string | null }> {
  const session = await deps.uow.read(
    command.tenantId,
    async (scope) => (await loadSession(scope, command.sessionId, deps)).snapshot().session,
  );
  assertStatusIn(session.status, ['active', 'ended']);
  let noteId: string | null = null;
  if (command.accepted) {
    if (command.summaryText.trim() === '')
      throw new DomainError('VALIDATION_FAILED', 'The summary is empty', { field: 'summaryText' });
    try {
      noteId = await deps.fhir.createVisitNote({
        tenantId: command.tenantId,
        noteKey: deps.ids.next('vnt'),
        sessionId: session.id,
        patientId: session.patientId,
        encounterId: session.encounterId,
        text: command.summaryText,
        provenance: {
          aiGenerated: true,
          aiModel: command.aiModel,
          aiAcceptedBy: command.actorId,
          aiAcceptedAt: deps.clock.now(),
          edited: command.edited,
        },
      });
    } catch {
      throw new DomainError(
        'FHIR_GATEWAY_UNAVAILABLE',
        'The chart service is unavailable; the summary was not saved',
      );
    }
  }
  const audit = createAuditEvent(deps, {
    type: command.accepted ? 'AI_SUMMARY_ACCEPTED' : 'AI_SUMMARY_DECLINED',
    tenantId: command.tenantId,
    actorId: command.actorId,
    subjectId: session.id,
    details: {
      aiModel: command.aiModel,
      noteId,
      edited: command.accepted ? command.edited : null,
    },
  });
  await deps.uow.run(command.tenantId, (scope) => scope.outbox.append([audit]));
  return { written: noteId !== null, noteId };
}
