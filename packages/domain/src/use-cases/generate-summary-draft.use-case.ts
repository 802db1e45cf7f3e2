import { DomainError } from '../errors/domain.errors';
import { keptTranscript } from './get-session-transcript.use-case';
import type { AiAssistDeps } from './transcribe-audio.use-case';

/**
 * A visit-summary draft of the session's kept transcript, for the review panel (US-012): answered, never stored,
 * never charted (that is acceptAiSummary's alone). A refusal is answered as one, with its reason, never as a draft.
 */
export async function generateSummaryDraft(
  deps: AiAssistDeps,
  command: { tenantId: string; sessionId: string },
): Promise<{ text: string; model: string }> {
  const segments = await deps.uow.read(command.tenantId, (scope) =>
    keptTranscript(deps, scope, command.sessionId, ['active', 'ended']),
  );
  const transcript = segments
    .map((segment) => segment.text.trim())
    .filter((text) => text !== '')
    .join('\n');
  if (transcript === '')
    throw new DomainError(
      'VALIDATION_FAILED',
      'There is no transcript to summarise yet; transcribe first, or document manually',
      { field: 'transcript' },
    );
  let result;
  try {
    result = await deps.ai.summarize({ ...command, transcript });
  } catch {
    throw new DomainError(
      'AI_GATEWAY_UNAVAILABLE',
      'Summary generation is unavailable; document manually',
    );
  }
  if (result.status === 'refused') {
    throw new DomainError(
      'AI_COMPLETION_REFUSED',
      'The AI declined to summarise; document manually',
      { reason: result.reason },
    );
  }
  return { text: result.text, model: result.model };
}
