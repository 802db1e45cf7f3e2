import { createTranscribeRoute } from '@virtual-care/api';
import { getServices } from '../../../../../../../../server/composition';
import { getRequestClaims } from '../../../../../../../../server/session';

export const dynamic = 'force-dynamic';

let handler: ((request: Request, sessionId: string) => Promise<Response>) | null = null;

/**
 * The clinician's audio chunk for the AI scribe (US-011): a raw audio body, which the JSON REST catch-all beside it
 * does not take; authenticated the same way (bearer token, else the sign-in cookie). Logs metadata only.
 */
export async function POST(
  request: Request,
  { params }: { params: Promise<{ id: string }> },
): Promise<Response> {
  handler ??= createTranscribeRoute({
    services: getServices().virtualCare,
    authenticate: getRequestClaims,
    log: (line) => getServices().logger.info(line, 'ai_transcribe'),
    onInternalError: (error, requestId) =>
      getServices().logger.error({ err: error, requestId }, 'ai_transcribe_internal_error'),
  });
  return handler(request, (await params).id);
}
