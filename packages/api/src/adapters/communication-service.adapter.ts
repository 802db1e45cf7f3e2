import { z } from 'zod';
import {
  DomainError,
  type MessagingThreadPort,
  type ThreadMessage,
  type ThreadMessagesPort,
} from '@virtual-care/domain';
import { describeHttpError, fetchWithTimeout, joinUrl, type FetchLike } from './http-timeout';

/**
 * communication-service over HTTP (protocol: docs/api.md, "communication-service"), selected when
 * COMMUNICATION_SERVICE_URL is set. Threads are opened idempotently by session id (`PUT /threads/by-session/{id}`),
 * so a retry after a lost answer gets the same thread; messages carry a client-generated id the service dedupes,
 * so a message resent after reconnecting is stored once. A network error, a timeout, a 5xx or an answer we cannot
 * read is an outage (COMMUNICATION_SERVICE_UNAVAILABLE, 503 at the edge); 404 is NOT_FOUND, 400/409 VALIDATION_FAILED.
 */

export interface CommunicationServiceDeps {
  /** e.g. https://comms.example.org (COMMUNICATION_SERVICE_URL). */
  baseUrl: string;
  /** Per-request deadline (default 5000 ms). */
  timeoutMs?: number;
  fetch?: FetchLike;
}

const messageSchema: z.ZodType<ThreadMessage> = z.object({
  id: z.string().min(1),
  threadId: z.string().min(1),
  senderUserId: z.string().min(1),
  body: z.string(),
  sentAt: z.string(),
});

const threadSchema = z.object({
  id: z.string().min(1),
  sessionId: z.string().min(1),
  tenantId: z.string().min(1),
});
const messagePageSchema = z.object({ messages: z.array(messageSchema) });

/** The thread port the fallback use case needs, plus the message calls of the messaging views. */
export type CommunicationServiceClient = MessagingThreadPort & ThreadMessagesPort;

export function createCommunicationServiceAdapter(
  deps: CommunicationServiceDeps,
): CommunicationServiceClient {
  const fetchImpl: FetchLike = deps.fetch ?? fetch;
  const timeoutMs = deps.timeoutMs ?? 5000;

  async function call<T>(
    what: string,
    path: string,
    init: RequestInit,
    schema: z.ZodType<T>,
  ): Promise<T> {
    let response: Response;
    try {
      response = await fetchWithTimeout(
        fetchImpl,
        joinUrl(deps.baseUrl, path),
        {
          ...init,
          headers: {
            accept: 'application/json',
            ...(init.body ? { 'content-type': 'application/json' } : {}),
          },
        },
        timeoutMs,
      );
    } catch (error) {
      throw unavailable(`${what} failed: ${describeHttpError(error)}`);
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw refusal(what, response.status);
    }
    const parsed = schema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) throw unavailable(`${what} answered an unexpected body`, response.status);
    return parsed.data;
  }

  const threadPath = (threadId: string) => `threads/${encodeURIComponent(threadId)}/messages`;

  return {
    openThread: async ({ tenantId, sessionId, participantUserIds }) => {
      const thread = await call(
        'open thread',
        `threads/by-session/${encodeURIComponent(sessionId)}`,
        { method: 'PUT', body: JSON.stringify({ tenantId, participantUserIds }) },
        threadSchema,
      );
      return thread.id;
    },
    listMessages: async (threadId, options = {}) => {
      const query = options.after ? `?after=${encodeURIComponent(options.after)}` : '';
      const page = await call(
        'list messages',
        `${threadPath(threadId)}${query}`,
        { method: 'GET' },
        messagePageSchema,
      );
      return page.messages;
    },
    sendMessage: (threadId, message) =>
      call(
        'send message',
        threadPath(threadId),
        { method: 'POST', body: JSON.stringify(message) },
        messageSchema,
      ),
  };
}

/**
 * The named adapter when COMMUNICATION_SERVICE_URL is not set: every call fails as an outage, saying why, so a
 * deployment without the service never shows a thread that does not exist.
 */
export function unconfiguredCommunicationService(): CommunicationServiceClient {
  const fail = (): Promise<never> =>
    Promise.reject(unavailable('COMMUNICATION_SERVICE_URL is not configured'));
  return { openThread: fail, listMessages: fail, sendMessage: fail };
}

function refusal(what: string, status: number): DomainError {
  const message = `communication-service: ${what} answered HTTP ${status}`;
  if (status === 404) return new DomainError('NOT_FOUND', message, { status });
  if (status === 400 || status === 409)
    return new DomainError('VALIDATION_FAILED', message, { status });
  return unavailable(`${what} answered HTTP ${status}`, status);
}

function unavailable(message: string, status?: number): DomainError {
  return new DomainError(
    'COMMUNICATION_SERVICE_UNAVAILABLE',
    `communication-service: ${message}`,
    status === undefined ? {} : { status },
  );
}
