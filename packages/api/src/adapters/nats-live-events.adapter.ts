import type { DomainEventType } from '@virtual-care/domain';
import { connect, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import type { Logger } from '../logger';
import { tenantSessionSubjects } from './nats-event-subject';

/**
 * Live session changes for browsers, read from the CloudEvents the worker's outbox relay publishes
 * (docs/events.md). A core NATS subscription per caller to its own tenant's session subjects (decision 0018),
 * nothing durable: a change missed while nobody listens is covered by the page's polling, which stays as the
 * fallback.
 */

/** The session events that change a clinician's waiting room or visit room, by CloudEvent `type`. */
const CHANGE_BY_EVENT_TYPE = {
  'virtual_care.session.participant.joined.v1': 'participant.joined',
  'virtual_care.session.participant.admitted.v1': 'participant.admitted',
  'virtual_care.session.participant.removed.v1': 'participant.removed',
  'virtual_care.session.started.v1': 'session.started',
  'virtual_care.session.ended.v1': 'session.ended',
  'virtual_care.session.cancelled.v1': 'session.cancelled',
  'virtual_care.session.failed.v1': 'session.failed',
  // The visit continues in messages: the visit room shows the thread as soon as it is open.
  'virtual_care.session.fallback.initiated.v1': 'session.fallback',
} as const satisfies Partial<Record<DomainEventType, string>>;

export type LiveSessionChangeType =
  (typeof CHANGE_BY_EVENT_TYPE)[keyof typeof CHANGE_BY_EVENT_TYPE];

export const LIVE_SESSION_CHANGE_TYPES = Object.values(CHANGE_BY_EVENT_TYPE) as [
  LiveSessionChangeType,
  ...LiveSessionChangeType[],
];

/** Identifiers and a time only: what changed, in which session, when. Never PHI. */
export interface LiveSessionChange {
  type: LiveSessionChangeType;
  sessionId: string;
  /** The event's time (ISO-8601). */
  at: string;
}

/** One caller's stream of changes. It ends when the caller's signal aborts, on close(), or when NATS goes away. */
export interface LiveSessionFeed extends AsyncIterable<LiveSessionChange> {
  /** Ends the NATS subscription (idempotent). */
  close(): void;
}

export interface LiveSessionEvents {
  /**
   * Subscribes to the tenant's session changes (`<prefix>.<tenantId>.session.>`; the tenant id must be a UUID);
   * resolves to null, promptly, when NATS cannot be reached now (the caller then stays on polling). The
   * subscription is in place on the server when this resolves.
   */
  openSessionChanges(tenantId: string, signal?: AbortSignal): Promise<LiveSessionFeed | null>;
  /** Ends every feed and closes the connection. */
  close(): Promise<void>;
}

export interface NatsLiveEventsOptions {
  servers: string;
  /** The first token of the subjects: the relay's NATS_SUBJECT_PREFIX. */
  subjectPrefix: string;
  /** How long the first connection attempt and the subscription's round trip may take. */
  timeoutMs?: number;
  /** After a failed first connection, callers get null without a new attempt for this long. */
  retryAfterMs?: number;
  logger?: Pick<Logger, 'info' | 'warn'>;
}

const decoder = new TextDecoder();
const MAX_ID_LENGTH = 200;

/**
 * Reads a relayed message as a change of `tenantId`'s sessions, or null (another event, or not a CloudEvent).
 * The subscription is the tenant's own; the `tenantid` extension is checked again all the same. The session
 * comes from `data.sessionId`, else the CloudEvent `subject` (the aggregate id).
 */
function toLiveSessionChange(payload: Uint8Array, tenantId: string): LiveSessionChange | null {
  let event: unknown;
  try {
    event = JSON.parse(decoder.decode(payload));
  } catch {
    return null;
  }
  if (!isRecord(event) || event.tenantid !== tenantId || typeof event.type !== 'string')
    return null;
  if (!Object.hasOwn(CHANGE_BY_EVENT_TYPE, event.type)) return null;
  const type = CHANGE_BY_EVENT_TYPE[event.type as keyof typeof CHANGE_BY_EVENT_TYPE];
  const data = isRecord(event.data) ? event.data : {};
  const sessionId = idOf(data.sessionId) ?? idOf(event.subject);
  if (!sessionId) return null;
  const time = typeof event.time === 'string' ? Date.parse(event.time) : Number.NaN;
  return { type, sessionId, at: new Date(Number.isNaN(time) ? Date.now() : time).toISOString() };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function idOf(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH
    ? value
    : null;
}

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from NATS within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * One NATS connection per process, opened on first use. While it is disconnected (the client keeps
 * reconnecting in the background) every feed is ended and new callers get null, so pages poll; core NATS
 * would silently miss what was published meanwhile.
 */
export function createNatsLiveEvents(options: NatsLiveEventsOptions): LiveSessionEvents {
  const timeoutMs = options.timeoutMs ?? 2000;
  const retryAfterMs = options.retryAfterMs ?? 5000;
  const log = options.logger;
  const feeds = new Set<() => void>();
  let connection: Promise<NatsConnection | null> | null = null;
  let connected = false;
  let retryAt = 0;
  let closed = false;

  const endAllFeeds = () => {
    for (const end of [...feeds]) end();
  };

  const watch = (nc: NatsConnection, current: Promise<NatsConnection | null>) => {
    void (async () => {
      for await (const status of nc.status()) {
        if (status.type === 'disconnect') {
          connected = false;
          if (feeds.size > 0) log?.warn({ feeds: feeds.size }, 'live_events_nats_disconnected');
          endAllFeeds();
        } else if (status.type === 'reconnect') {
          connected = true;
        }
      }
    })();
    void nc.closed().then(() => {
      if (connection === current) {
        connection = null;
        connected = false;
      }
      endAllFeeds();
    });
  };

  const open = async (): Promise<NatsConnection | null> => {
    try {
      const nc = await connect({
        servers: options.servers,
        name: 'virtual-care-web-live',
        timeout: timeoutMs,
        reconnect: true,
        maxReconnectAttempts: -1,
        reconnectTimeWait: 2000,
      });
      connected = true;
      return nc;
    } catch (error) {
      log?.warn({ err: error }, 'live_events_nats_unreachable');
      retryAt = Date.now() + retryAfterMs;
      return null;
    }
  };

  const getConnection = (): Promise<NatsConnection | null> => {
    if (closed) return Promise.resolve(null);
    if (connection) return connection;
    if (Date.now() < retryAt) return Promise.resolve(null);
    const current: Promise<NatsConnection | null> = open().then((nc) => {
      if (!nc) {
        if (connection === current) connection = null;
        return null;
      }
      if (closed) {
        void nc.close();
        return null;
      }
      watch(nc, current);
      return nc;
    });
    connection = current;
    return current;
  };

  const openFeed = (sub: Subscription, tenantId: string, signal?: AbortSignal): LiveSessionFeed => {
    const end = () => {
      feeds.delete(end);
      signal?.removeEventListener('abort', end);
      if (!sub.isClosed()) {
        try {
          sub.unsubscribe();
        } catch {
          // The connection is already closed: so is the subscription.
        }
      }
    };
    feeds.add(end);
    signal?.addEventListener('abort', end, { once: true });
    async function* changes(): AsyncGenerator<LiveSessionChange, void, undefined> {
      try {
        for await (const msg of sub) {
          const change = toLiveSessionChange(msg.data, tenantId);
          if (change) yield change;
        }
      } finally {
        end();
      }
    }
    return { [Symbol.asyncIterator]: changes, close: end };
  };

  return {
    async openSessionChanges(tenantId, signal) {
      const subject = tenantSessionSubjects(options.subjectPrefix, tenantId);
      if (signal?.aborted) return null;
      const nc = await getConnection();
      if (!nc || !connected || nc.isClosed() || signal?.aborted) return null;
      let sub: Subscription;
      try {
        sub = nc.subscribe(subject);
      } catch (error) {
        log?.warn({ err: error }, 'live_events_subscribe_failed');
        return null;
      }
      const feed = openFeed(sub, tenantId, signal);
      try {
        // A round trip: the server has the subscription before the caller is told it is live.
        await within(nc.flush(), timeoutMs);
      } catch (error) {
        log?.warn({ err: error }, 'live_events_subscribe_failed');
        feed.close();
        return null;
      }
      if (signal?.aborted || sub.isClosed()) {
        feed.close();
        return null;
      }
      return feed;
    },

    async close() {
      closed = true;
      endAllFeeds();
      const nc = await connection;
      connection = null;
      connected = false;
      if (nc && !nc.isClosed()) await nc.close();
    },
  };
}
