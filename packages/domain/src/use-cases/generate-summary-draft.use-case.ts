import { DomainError } from '../errors/domain.errors';
import { assertSessionStatus } from './shared/session-status.helper';

import type { AiAssistDeps } from './transcribe-audio.use-case';

/** A visit-summary draft for the review panel; it reaches the chart only through acceptAiSummary. */
export async function generateSummaryDraft(
  deps: AiAssistDeps,
  command: { tenantId: string; sessionId: string; transcript: string },
): Promise<{ text: string; model: string }> {
  await assertSessionStatus(deps, command.tenantId, command.sessionId, ['active', 'ended']);
  let result;
  try {
    result = await deps.ai.summarize(command);
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
