import { createAttachmentRoute } from '@virtual-care/api';
import { getServices } from '../../../../../../../server/composition';
import { getRequestClaims } from '../../../../../../../server/session';

export const dynamic = 'force-dynamic';

let handler: ((request: Request, attachmentRef: string) => Promise<Response>) | null = null;

/**
 * An async visit's photo: PUT uploads it (raw image body), GET serves it to the review screen. More specific than
 * the REST catch-all beside it, and authenticated the same way (bearer token, else the sign-in cookie).
 */
async function attachment(
  request: Request,
  { params }: { params: Promise<{ attachmentRef: string }> },
): Promise<Response> {
  handler ??= createAttachmentRoute({
    services: getServices().virtualCare,
    authenticate: getRequestClaims,
    onInternalError: (error, requestId) =>
      getServices().logger.error({ err: error, requestId }, 'attachment_internal_error'),
  });
  return handler(request, (await params).attachmentRef);
}

export { attachment as GET, attachment as PUT };
