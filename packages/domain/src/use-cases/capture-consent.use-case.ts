import { createAuditEvent } from '../events/audit.events';
import type {
  ConsentCaptureMethod,
  ConsentDecision,
  ConsentRecord,
  ConsentType,
} from '../records/consent.record';
import { consentRecordOf } from '../values/consent.value';
import { requirePatient } from './shared/patient.helper';
import type { CoreDeps } from './shared/use-case-deps.helper';

export type CaptureConsentDeps = CoreDeps;

export interface CaptureConsentCommand {
  tenantId: string;
  patientId: string;
  type: ConsentType;
  decision: ConsentDecision;
  textVersion: string;
  capturedBy: string;
  method: ConsentCaptureMethod;
}

/** Appends a consent decision (grant or revocation) for a patient of the tenant; records are never edited. */
export async function captureConsent(
  deps: CaptureConsentDeps,
  command: CaptureConsentCommand,
): Promise<ConsentRecord> {
  const record = consentRecordOf({
    ...command,
    id: deps.ids.next('cns'),
    capturedAt: deps.clock.now(),
  });
  const audit = createAuditEvent(deps, {
    type: 'CONSENT_CAPTURED',
    tenantId: command.tenantId,
    actorId: command.capturedBy,
    subjectId: command.patientId,
    details: {
      consentType: command.type,
      decision: command.decision,
      method: command.method,
      textVersion: command.textVersion,
    },
  });
  await deps.uow.run(command.tenantId, async (scope) => {
    await requirePatient(scope, command.patientId);
    await scope.consents.append(record);
    await scope.outbox.append([audit]);
  });
  return record;
}
