import { DomainError, transcribeAudio } from '@virtual-care/domain';
import type { ApiServices } from '../../../composition/services';
import { newUlid } from '../../../composition/runtime-ports';
import { sessionIdSchema } from '../../../edge/common.schema';
import { createContext, type SessionClaims } from '../../../edge/context';
import { restError } from '../../../edge/rest/rest-error';
import { assertSameOriginMutation } from '../../../edge/same-origin';
import { transcriptSegmentDto } from '../scribe.views';
import { readAudioChunk } from './audio-chunk';

/** What a transcription's log line may hold: ids, sizes, durations, the model; never audio or text. */
export interface TranscribeLogLine {
  requestId: string;
  sessionId: string;
  status: number;
  audioBytes: number | null;
  mimeType: string | null;
  durationMs: number;
  model: string | null;
  textChars: number | null;
  code: string | null;
}

export interface TranscribeRouteOptions {
  /** Who is calling, exactly as the REST face asks (a bearer token, else the browser's session). */
  authenticate(request: Request): Promise<SessionClaims | null>;
  services: ApiServices;
  /** One line per request, metadata only. */
  log?(line: TranscribeLogLine): void;
  /** Called for 5xx answers (ids only: the audio is never handed to it). */
  onInternalError?(error: unknown, requestId: string): void;
}

const HEADERS = {
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'content-type': 'application/json',
};

/**
 * `POST {endpoint}/sessions/{id}/ai/transcribe` (US-011): a raw audio chunk in, the transcript segment it became
 * out (201), which joins the session's transcript and never the chart. Raw bodies are what the JSON REST face does
 * not take, so the app mounts this on a route more specific than the REST catch-all; errors are the same
 * `{ code, message, details }`.
 */
export function createTranscribeRoute(
  options: TranscribeRouteOptions,
): (request: Request, sessionId: string) => Promise<Response> {
  const { services } = options;
  return async (request, sessionId) => {
    const requestId = newUlid();
    const started = performance.now();
    const line: TranscribeLogLine = {
      requestId,
      sessionId,
      status: 201,
      audioBytes: null,
      mimeType: null,
      durationMs: 0,
      model: null,
      textChars: null,
      code: null,
    };
    let status = 201;
    let body: unknown;
    try {
      assertSameOriginMutation(request, services.config.publicBaseUrl);
      const ctx = createContext(await options.authenticate(request), { requestId });
      if (!ctx.user || !ctx.tenantId)
        throw new DomainError('UNAUTHENTICATED', 'Sign in to continue');
      if (!ctx.roles.includes('clinician'))
        throw new DomainError('FORBIDDEN', 'Only the clinician transcribes a visit');
      if (!sessionIdSchema.safeParse(sessionId).success)
        throw new DomainError('VALIDATION_FAILED', 'Not a session id', { field: 'id' });
      const { audio, mimeType } = await readAudioChunk(request.headers, request.body);
      line.audioBytes = audio.byteLength;
      line.mimeType = mimeType;
      const segment = await transcribeAudio(services.deps, {
        tenantId: ctx.tenantId,
        sessionId,
        actorId: ctx.user.id,
        audio,
        mimeType,
      });
      line.model = segment.model;
      line.textChars = segment.text.length;
      body = transcriptSegmentDto(segment);
    } catch (error) {
      const rendered = restError(error);
      status = rendered.status;
      body = rendered.body;
      line.code = rendered.body.code;
      if (status >= 500) options.onInternalError?.(error, requestId);
    }
    line.status = status;
    line.durationMs = Math.round(performance.now() - started);
    options.log?.(line);
    return new Response(JSON.stringify(body), {
      status,
      headers: { ...HEADERS, 'x-request-id': requestId },
    });
  };
}
