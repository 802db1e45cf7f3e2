import { DomainError } from '../errors/domain.errors';
import type { AiGatewayPort, TranscriptionResult } from '../ports/ai-gateway.port';
import { assertSessionStatus } from './shared/session-status.helper';
import type { CoreDeps } from './shared/use-case-deps.helper';

export interface AiAssistDeps extends CoreDeps {
  ai: AiGatewayPort;
}

/** Speech-to-text for an active session. The transcript is returned, never stored and never charted. */
export async function transcribeAudio(
  deps: AiAssistDeps,
  command: { tenantId: string; sessionId: string; audio: Uint8Array; mimeType: string },
): Promise<TranscriptionResult> {
  await assertSessionStatus(deps, command.tenantId, command.sessionId, ['active']);
  try {
    return await deps.ai.transcribe(command);
  } catch {
    throw new DomainError(
      'AI_GATEWAY_UNAVAILABLE',
      'Transcription is unavailable right now; the session continues',
    );
  }
}
