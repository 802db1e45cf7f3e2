import type { AppRouter } from '@virtual-care/api';
import type { inferRouterOutputs } from '@trpc/server';

export type TranscriptSegment =
  inferRouterOutputs<AppRouter>['scribe']['transcript']['segments'][number];

/** The transcribe route's refusal: its spec code (CONSENT_REQUIRED, AI_GATEWAY_UNAVAILABLE...) or null. */
export class TranscribeError extends Error {
  constructor(readonly code: string | null) {
    super(code ?? 'network');
  }
}

/**
 * One recorded chunk to `POST /api/v1/virtual-care/sessions/{id}/ai/transcribe` as the raw body with the
 * recorder's MIME type (the sign-in cookie authenticates it); answers the transcript segment it became.
 */
export async function transcribeChunk(sessionId: string, chunk: Blob): Promise<TranscriptSegment> {
  let response: Response;
  try {
    response = await fetch(
      `/api/v1/virtual-care/sessions/${encodeURIComponent(sessionId)}/ai/transcribe`,
      {
        method: 'POST',
        headers: { 'content-type': chunk.type || 'audio/webm' },
        body: chunk,
        credentials: 'same-origin',
      },
    );
  } catch {
    throw new TranscribeError(null);
  }
  const body = (await response.json().catch(() => null)) as { code?: unknown } | null;
  if (!response.ok) throw new TranscribeError(typeof body?.code === 'string' ? body.code : null);
  return body as TranscriptSegment;
}
