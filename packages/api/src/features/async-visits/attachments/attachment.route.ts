import { Readable } from 'node:stream';
import { DomainError } from '@virtual-care/domain';
import type { ApiServices } from '../../../composition/services';
import { newUlid } from '../../../composition/runtime-ports';
import { createContext, type SessionClaims } from '../../../edge/context';
import { restError } from '../../../edge/rest/rest-error';
import { assertSameOriginMutation } from '../../../edge/same-origin';
import { readAttachment } from './read-attachment';
import { uploadAttachment } from './upload-attachment';

export interface AttachmentRouteOptions {
  /** Who is calling, exactly as the REST face asks (a bearer token, else the browser's session). */
  authenticate(request: Request): Promise<SessionClaims | null>;
  services: ApiServices;
  /** Called for 5xx answers (ids only: the photo is never handed to it). */
  onInternalError?(error: unknown, requestId: string): void;
}

const HEADERS = {
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};

/**
 * `PUT` and `GET {endpoint}/async-visits/attachments/{attachmentRef}`: raw image bodies, which the JSON REST face
 * does not take, answered with the same `{ code, message, details }` errors. The app mounts it on a route more
 * specific than the REST catch-all.
 */
export function createAttachmentRoute(
  options: AttachmentRouteOptions,
): (request: Request, attachmentRef: string) => Promise<Response> {
  const store = options.services.attachments;
  return async (request, attachmentRef) => {
    const requestId = newUlid();
    try {
      assertSameOriginMutation(request, options.services.config.publicBaseUrl);
      const ctx = createContext(await options.authenticate(request), { requestId });
      if (!ctx.user || !ctx.tenantId)
        throw new DomainError('UNAUTHENTICATED', 'Sign in to continue');
      if (request.method === 'PUT') {
        if (!ctx.roles.includes('patient'))
          throw new DomainError('FORBIDDEN', 'Only the patient uploads the photos of their visit');
        const { created, attachment } = await uploadAttachment(store, {
          tenantId: ctx.tenantId,
          userId: ctx.user.id,
          attachmentRef,
          headers: request.headers,
          body: request.body && chunksOf(request.body),
        });
        return new Response(JSON.stringify(attachment), {
          status: created ? 201 : 200,
          headers: { ...HEADERS, 'content-type': 'application/json', 'x-request-id': requestId },
        });
      }
      const { attachment, body } = await readAttachment(
        store,
        { tenantId: ctx.tenantId, userId: ctx.user.id, roles: ctx.roles },
        attachmentRef,
      );
      return new Response(Readable.toWeb(Readable.from(body)) as ReadableStream<Uint8Array>, {
        headers: {
          ...HEADERS,
          'content-type': attachment.contentType,
          'content-length': String(attachment.sizeBytes),
          'content-disposition': 'inline',
          'x-request-id': requestId,
        },
      });
    } catch (error) {
      const { status, body } = restError(error);
      if (status >= 500) options.onInternalError?.(error, requestId);
      return new Response(JSON.stringify(body), {
        status,
        headers: { ...HEADERS, 'content-type': 'application/json', 'x-request-id': requestId },
      });
    }
  };
}

/** A request body as chunks; stopping early (a refused photo) cancels it, so the rest is never read. */
async function* chunksOf(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  let done = false;
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      yield next.value;
    }
    done = true;
  } finally {
    if (!done) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
