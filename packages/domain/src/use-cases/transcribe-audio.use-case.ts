import { DomainError, isDomainError } from '../errors/domain.errors';
import { createAuditEvent } from '../events/audit.events';
import type { AiGatewayPort } from '../ports/ai-gateway.port';
import type { ConsentCheckPort } from '../ports/consent-check.port';
import type { TranscriptSegmentRecord } from '../ports/session-transcript-repository.port';
import type { TenantScope } from '../ports/unit-of-work.port';
import { assertStatusIn } from './shared/session-status.helper';
import { loadSession, loadTenantConfig } from './shared/session-store.helper';
import type { CoreDeps } from './shared/use-case-deps.helper';

export interface AiAssistDeps extends CoreDeps {
  ai: AiGatewayPort;
}

export interface TranscribeAudioDeps extends AiAssistDeps {
  consent: ConsentCheckPort;
}

export interface TranscribeAudioCommand {
  tenantId: string;
  sessionId: string;
  /** The clinician transcribing (named in a consent block's audit). */
  actorId: string;
  audio: Uint8Array;
  mimeType: string;
}

/** The consent gate this feature names in CONSENT_REQUIRED's details. */
export const AI_CONSENT_GATE = 'ai_processing_consent';

const HOUR_MS = 3_600_000;

/**
 * Speech-to-text for an active session (US-011). The audio goes to the AI gateway and nowhere else; the text
 * joins the session's transcript (kept for the tenant's aiTranscriptRetentionHours), never the chart. Where the
 * tenant's policy asks for it, the patient's ai_processing consent must be on file (fail closed).
 */
export async function transcribeAudio(
  deps: TranscribeAudioDeps,
  command: TranscribeAudioCommand,
): Promise<TranscriptSegmentRecord> {
  const { config, patientId, consentWithin } = await deps.uow.read(
    command.tenantId,
    async (scope) => {
      const session = (await loadSession(scope, command.sessionId, deps)).snapshot().session;
      assertStatusIn(session.status, ['active']);
      const tenantConfig = await loadTenantConfig(scope, deps.clock.now());
      return {
        config: tenantConfig,
        patientId: session.patientId,
        consentWithin: tenantConfig.aiConsentRequired
          ? await consentInScope(deps, scope, session.patientId)
          : null,
      };
    },
  );
  if (config.aiConsentRequired) await aiConsentGate(deps, command, patientId, consentWithin);

  let result;
  try {
    result = await deps.ai.transcribe(command);
  } catch {
    throw new DomainError(
      'AI_GATEWAY_UNAVAILABLE',
      'Transcription is unavailable right now; the session continues',
    );
  }
  const createdAt = deps.clock.now();
  return deps.uow.run(command.tenantId, (scope) =>
    scope.transcripts.append({
      tenantId: command.tenantId,
      sessionId: command.sessionId,
      text: result.text,
      model: result.model,
      createdAt,
      expiresAt: new Date(createdAt.getTime() + config.aiTranscriptRetentionHours * HOUR_MS),
    }),
  );
}

/** This service's own consent records, read in the same round trip; null when consent lives elsewhere. */
function consentInScope(
  deps: TranscribeAudioDeps,
  scope: TenantScope,
  patientId: string,
): Promise<{ granted: boolean } | { failure: unknown }> | null {
  const within = deps.consent.hasConsentWithin?.bind(deps.consent);
  if (!within) return null;
  return within(scope, { tenantId: scope.tenantId, patientId, type: 'ai_processing' }).then(
    (granted) => ({ granted }),
    (failure: unknown) => ({ failure }),
  );
}

/** CONSENT_REQUIRED without consent on file; no answer at all is CONSENT_SERVICE_UNAVAILABLE. Both audited. */
async function aiConsentGate(
  deps: TranscribeAudioDeps,
  command: TranscribeAudioCommand,
  patientId: string,
  readAhead: { granted: boolean } | { failure: unknown } | null,
): Promise<void> {
  let blocked: DomainError;
  try {
    const answer = readAhead ?? {
      granted: await deps.consent.hasConsent({
        tenantId: command.tenantId,
        patientId,
        type: 'ai_processing',
      }),
    };
    if ('failure' in answer) throw answer.failure;
    if (answer.granted) return;
    blocked = new DomainError(
      'CONSENT_REQUIRED',
      "The patient's consent to AI processing is not on file",
      { gate: AI_CONSENT_GATE },
    );
  } catch (error) {
    blocked = isDomainError(error, 'CONSENT_SERVICE_UNAVAILABLE')
      ? error
      : new DomainError('CONSENT_SERVICE_UNAVAILABLE', 'The consent service is unavailable', {
          gate: AI_CONSENT_GATE,
        });
  }
  const audit = createAuditEvent(deps, {
    type: 'CONSENT_GATE_BLOCKED',
    tenantId: command.tenantId,
    actorId: command.actorId,
    subjectId: patientId,
    details: { gate: AI_CONSENT_GATE, reason: blocked.code, sessionId: command.sessionId },
  });
  await deps.uow.run(command.tenantId, (scope) => scope.outbox.append([audit]));
  throw blocked;
}
