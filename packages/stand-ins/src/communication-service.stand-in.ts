import { randomUUID } from 'node:crypto';
import {
  consumeFallbackEvents,
  type FallbackEventsOptions,
} from './communication-service.fallback-events';
import {
  listenOnLoopback,
  readBody,
  sendJson,
  sleep,
  type RunningStandIn,
  type StandInOptions,
} from './http-server';

export interface MessagingThread {
  id: string;
  sessionId: string;
  tenantId: string;
  participantUserIds: string[];
  createdAt: string;
}

export interface ThreadMessage {
  /** Client-generated: a resend after a lost answer carries the same id and is stored once. */
  id: string;
  threadId: string;
  senderUserId: string;
  body: string;
  sentAt: string;
}

export interface CommunicationServiceStandIn extends RunningStandIn {
  /** true: every request answers 503. */
  setDown(down: boolean): void;
  setDelay(ms: number): void;
  threadForSession(sessionId: string): MessagingThread | undefined;
  threads(): MessagingThread[];
}

export type CommunicationServiceStandInOptions = StandInOptions & Partial<FallbackEventsOptions>;

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_BODY_CHARS = 4000;
const MAX_PAGE = 100;

/**
 * Local stand-in for communication-service, the messaging protocol of docs/api.md ("communication-service"):
 *
 *   PUT  /threads/by-session/{sessionId}   { tenantId, participantUserIds } -> 201 new | 200 the session's thread
 *   GET  /threads/{id}                      200 thread | 404
 *   GET  /threads/{id}/messages?after=&limit=   200 { messages } in send order, after the message id `after`
 *   POST /threads/{id}/messages             { id, senderUserId, body } -> 201 new | 200 the same id again | 409
 *   GET  /health                            200
 *
 * With `natsUrl`, it also opens the thread of every `session.fallback.initiated.v1` on the events stream.
 * Threads are keyed by session id, so that path and the HTTP one give one thread. In memory only.
 */
export async function startCommunicationServiceStandIn(
  options: CommunicationServiceStandInOptions = {},
): Promise<CommunicationServiceStandIn> {
  const bySession = new Map<string, MessagingThread>();
  const byId = new Map<string, MessagingThread>();
  const messages = new Map<string, ThreadMessage[]>();
  let down = false;
  let delayMs = 0;

  /** The session's thread, made on first call; `id` names a new one (the event's thread id). */
  function openThread(input: Omit<MessagingThread, 'id' | 'createdAt'> & { id?: string }): {
    thread: MessagingThread;
    created: boolean;
  } {
    const existing = bySession.get(input.sessionId);
    if (existing) return { thread: existing, created: false };
    const thread: MessagingThread = {
      id: input.id && ID.test(input.id) && !byId.has(input.id) ? input.id : `thr_${randomUUID()}`,
      sessionId: input.sessionId,
      tenantId: input.tenantId,
      participantUserIds: [...new Set(input.participantUserIds)],
      createdAt: new Date().toISOString(),
    };
    bySession.set(thread.sessionId, thread);
    byId.set(thread.id, thread);
    messages.set(thread.id, []);
    return { thread, created: true };
  }

  const server = await listenOnLoopback(async (req, res, url) => {
    if (delayMs > 0) await sleep(delayMs);
    if (down) return sendJson(res, 503, problem('communication-service stand-in is down'));
    const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (req.method === 'GET' && url.pathname === '/health') return sendJson(res, 200, { ok: true });
    if (segments[0] !== 'threads') return sendJson(res, 404, problem('unknown path'));

    if (segments[1] === 'by-session' && segments.length === 3) {
      const sessionId = segments[2] ?? '';
      if (req.method !== 'PUT') return sendJson(res, 405, problem('method not allowed'));
      const body = await jsonBody(req);
      if (!ID.test(sessionId) || !isOpenThreadBody(body))
        return sendJson(res, 400, problem('expected { tenantId, participantUserIds: string[] }'));
      const { thread, created } = openThread({ sessionId, ...body });
      if (thread.tenantId !== body.tenantId)
        return sendJson(res, 409, problem('the session belongs to another tenant'));
      return sendJson(res, created ? 201 : 200, thread);
    }

    const thread = byId.get(segments[1] ?? '');
    if (!thread) return sendJson(res, 404, problem('no such thread'));
    const list = messages.get(thread.id) ?? [];
    if (segments.length === 2 && req.method === 'GET') return sendJson(res, 200, thread);
    if (segments.length !== 3 || segments[2] !== 'messages')
      return sendJson(res, 404, problem('unknown path'));

    if (req.method === 'GET') {
      const after = url.searchParams.get('after');
      const start = after ? list.findIndex((m) => m.id === after) + 1 : 0;
      if (after && start === 0) return sendJson(res, 400, problem('unknown `after` message id'));
      const limit = Math.min(
        Number(url.searchParams.get('limit') ?? MAX_PAGE) || MAX_PAGE,
        MAX_PAGE,
      );
      return sendJson(res, 200, { messages: list.slice(start, start + limit) });
    }
    if (req.method === 'POST') {
      const body = await jsonBody(req);
      if (!isMessageBody(body))
        return sendJson(
          res,
          400,
          problem(`expected { id, senderUserId, body } (body 1-${MAX_BODY_CHARS} characters)`),
        );
      const same = list.find((m) => m.id === body.id);
      if (same)
        return same.senderUserId === body.senderUserId && same.body === body.body
          ? sendJson(res, 200, same)
          : sendJson(res, 409, problem('another message already has this id'));
      const message: ThreadMessage = {
        id: body.id,
        threadId: thread.id,
        senderUserId: body.senderUserId,
        body: body.body,
        sentAt: new Date().toISOString(),
      };
      list.push(message);
      return sendJson(res, 201, message);
    }
    return sendJson(res, 405, problem('method not allowed'));
  }, options);

  const events = options.natsUrl
    ? await consumeFallbackEvents(
        {
          natsUrl: options.natsUrl,
          subjectPrefix: options.subjectPrefix ?? 'virtual_care',
          stream: options.stream ?? 'VIRTUAL_CARE',
        },
        (event) => void openThread({ ...event, participantUserIds: [] }),
      )
    : null;

  return {
    ...server,
    stop: async () => {
      await events?.stop();
      await server.stop();
    },
    setDown: (value) => void (down = value),
    setDelay: (ms) => void (delayMs = ms),
    threadForSession: (sessionId) => bySession.get(sessionId),
    threads: () => [...byId.values()],
  };
}

function problem(detail: string): { error: string } {
  return { error: detail };
}

async function jsonBody(req: Parameters<typeof readBody>[0]): Promise<unknown> {
  try {
    return JSON.parse(await readBody(req)) as unknown;
  } catch {
    return null;
  }
}

function isOpenThreadBody(
  body: unknown,
): body is { tenantId: string; participantUserIds: string[] } {
  const b = body as { tenantId?: unknown; participantUserIds?: unknown } | null;
  return (
    typeof b?.tenantId === 'string' &&
    b.tenantId.length > 0 &&
    Array.isArray(b.participantUserIds) &&
    b.participantUserIds.every((id) => typeof id === 'string' && id.length > 0)
  );
}

function isMessageBody(body: unknown): body is { id: string; senderUserId: string; body: string } {
  const b = body as { id?: unknown; senderUserId?: unknown; body?: unknown } | null;
  return (
    typeof b?.id === 'string' &&
    ID.test(b.id) &&
    typeof b.senderUserId === 'string' &&
    b.senderUserId.length > 0 &&
    typeof b.body === 'string' &&
    b.body.length > 0 &&
    b.body.length <= MAX_BODY_CHARS
  );
}
