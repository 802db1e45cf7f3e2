import type { DomainEventType } from '@virtual-care/domain';
import { connect, type Msg, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import type { Logger } from '../logger';
import {
  everyTenantSubjects,
  subjectTokens,
  tenantToken,
  type LiveEventFamily,
} from './nats-event-subject';

/**
 * Live changes for browsers (sessions, async visits), read from the CloudEvents the worker's outbox relay
 * publishes (docs/events.md). One core NATS subscription per process to every tenant's subjects, handed out in
 * memory to the callers of the message's tenant and event family (decision 0045); nothing durable: a change missed
 * while nobody listens is covered by the page's polling, which stays as the fallback.
 */

/** The session events that change a clinician's waiting room or visit room, by CloudEvent `type`. */
const SESSION_CHANGE_BY_EVENT_TYPE = {
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

/**
 * The async-visit events that change the clinician's review queue. Only a submission raises one: review, answer
 * and close publish nothing, and the queue's polling shows them.
 */
const ASYNC_VISIT_CHANGE_BY_EVENT_TYPE = {
  'virtual_care.async_visit.submitted.v1': 'async_visit.submitted',
} as const satisfies Partial<Record<DomainEventType, string>>;

export type LiveSessionChangeType =
  (typeof SESSION_CHANGE_BY_EVENT_TYPE)[keyof typeof SESSION_CHANGE_BY_EVENT_TYPE];
export type LiveAsyncVisitChangeType =
  (typeof ASYNC_VISIT_CHANGE_BY_EVENT_TYPE)[keyof typeof ASYNC_VISIT_CHANGE_BY_EVENT_TYPE];

export const LIVE_SESSION_CHANGE_TYPES = Object.values(SESSION_CHANGE_BY_EVENT_TYPE) as [
  LiveSessionChangeType,
  ...LiveSessionChangeType[],
];
export const LIVE_ASYNC_VISIT_CHANGE_TYPES = Object.values(ASYNC_VISIT_CHANGE_BY_EVENT_TYPE) as [
  LiveAsyncVisitChangeType,
  ...LiveAsyncVisitChangeType[],
];

/** Identifiers and a time only: what changed, in which session, when. Never PHI. */
export interface LiveSessionChange {
  type: LiveSessionChangeType;
  sessionId: string;
  /** The event's time (ISO-8601). */
  at: string;
}

/** Identifiers and a time only: an async visit was submitted, which, when. Never PHI. */
export interface LiveAsyncVisitChange {
  type: LiveAsyncVisitChangeType;
  asyncVisitId: string;
  /** The event's time (ISO-8601). */
  at: string;
}

/** One caller's stream of changes. It ends when the caller's signal aborts, on close(), or when NATS goes away. */
export interface LiveFeed<TChange> extends AsyncIterable<TChange> {
  /** Ends this caller's feed (idempotent); the process's NATS subscription ends with its last feed. */
  close(): void;
}

export type LiveSessionFeed = LiveFeed<LiveSessionChange>;
export type LiveAsyncVisitFeed = LiveFeed<LiveAsyncVisitChange>;

/**
 * Each `open…` subscribes to one family of the tenant's events (the tenant id must be a UUID) and resolves to null,
 * promptly, when NATS cannot be reached now (the caller then stays on polling). The subscription is in place on the
 * server when it resolves.
 */
export interface LiveEvents {
  /** The tenant's session changes (`<prefix>.<tenantId>.session.>`). */
  openSessionChanges(tenantId: string, signal?: AbortSignal): Promise<LiveSessionFeed | null>;
  /** The tenant's async-visit changes (`<prefix>.<tenantId>.async_visit.>`). */
  openAsyncVisitChanges(tenantId: string, signal?: AbortSignal): Promise<LiveAsyncVisitFeed | null>;
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

/** How one family's events become changes: which event types count, and where the changed aggregate's id is. */
interface ChangeKind<TType extends string, TChange> {
  family: LiveEventFamily;
  byEventType: Readonly<Partial<Record<DomainEventType, TType>>>;
  /** The payload field naming the changed aggregate; the CloudEvent `subject` (the aggregate id) otherwise. */
  idField: string;
  change(type: TType, id: string, at: string): TChange;
}

const SESSION_CHANGES: ChangeKind<LiveSessionChangeType, LiveSessionChange> = {
  family: 'session',
  byEventType: SESSION_CHANGE_BY_EVENT_TYPE,
  idField: 'sessionId',
  change: (type, sessionId, at) => ({ type, sessionId, at }),
};

const ASYNC_VISIT_CHANGES: ChangeKind<LiveAsyncVisitChangeType, LiveAsyncVisitChange> = {
  family: 'async_visit',
  byEventType: ASYNC_VISIT_CHANGE_BY_EVENT_TYPE,
  idField: 'asyncVisitId',
  change: (type, asyncVisitId, at) => ({ type, asyncVisitId, at }),
};

/** A relayed message's CloudEvent, parsed once for all the feeds it reaches; null if it is not one. */
function parseEvent(payload: Uint8Array): Record<string, unknown> | null {
  try {
    const event: unknown = JSON.parse(decoder.decode(payload));
    return isRecord(event) ? event : null;
  } catch {
    return null;
  }
}

/**
 * Reads a relayed event as one of the tenant's changes of the kind, or null (another event type, or not ours).
 * The message came on the tenant's subject; the `tenantid` extension must name the same tenant all the same. The
 * changed aggregate comes from the kind's payload field (`data.sessionId`), else the CloudEvent `subject`.
 */
function toLiveChange<TType extends string, TChange>(
  event: Record<string, unknown>,
  tenant: string,
  kind: ChangeKind<TType, TChange>,
): TChange | null {
  if (typeof event.tenantid !== 'string' || event.tenantid.toLowerCase() !== tenant) return null;
  if (typeof event.type !== 'string') return null;
  // Own keys only: a type such as `constructor` must not reach the prototype.
  const type = Object.hasOwn(kind.byEventType, event.type)
    ? kind.byEventType[event.type as DomainEventType]
    : undefined;
  if (!type) return null;
  const data = isRecord(event.data) ? event.data : {};
  const id = idOf(data[kind.idField]) ?? idOf(event.subject);
  if (!id) return null;
  const time = typeof event.time === 'string' ? Date.parse(event.time) : Number.NaN;
  return kind.change(type, id, new Date(Number.isNaN(time) ? Date.now() : time).toISOString());
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

/** A page that stops reading (a stalled connection) is dropped past this many changes, and polls instead. */
const MAX_PENDING_CHANGES = 1000;

/** How each family's messages become changes, for the fan-out (one parse per message, whoever listens). */
const KIND_BY_FAMILY: Record<LiveEventFamily, ChangeKind<string, unknown>> = {
  session: SESSION_CHANGES,
  async_visit: ASYNC_VISIT_CHANGES,
};

/** One caller's side of the fan-out: the changes handed to it and not yet read. */
interface Listener {
  /** The tenant token (lower-cased UUID) and family the caller follows: its key in the fan-out. */
  key: string;
  push(change: unknown): void;
  end(): void;
}

/** The process's one subscription to every tenant's subjects, and when the server has confirmed it. */
interface Shared {
  sub: Subscription;
  ready: Promise<boolean>;
}

function listenerKey(tenant: string, family: LiveEventFamily): string {
  return `${tenant}.${family}`;
}

/**
 * One NATS connection and, while any caller listens, one subscription per process (`<prefix>.*.>`), opened on
 * first use and ended with the last feed. A message reaches only the callers of its subject's tenant and family,
 * whose `tenantid` must match too; it is parsed once, and only when someone listens. While the connection is down
 * (the client keeps reconnecting in the background) every feed is ended and new callers get null, so pages poll;
 * core NATS would silently miss what was published meanwhile.
 */
export function createNatsLiveEvents(options: NatsLiveEventsOptions): LiveEvents {
  const timeoutMs = options.timeoutMs ?? 2000;
  const retryAfterMs = options.retryAfterMs ?? 5000;
  const subject = everyTenantSubjects(options.subjectPrefix);
  const log = options.logger;
  /** The callers, by `<tenant>.<family>`. */
  const listeners = new Map<string, Set<Listener>>();
  let listenerCount = 0;
  let shared: Shared | null = null;
  let connection: Promise<NatsConnection | null> | null = null;
  let connected = false;
  let retryAt = 0;
  let closed = false;

  const endAllFeeds = () => {
    for (const group of [...listeners.values()]) for (const listener of [...group]) listener.end();
  };

  const dispatch = (msg: Msg) => {
    const tokens = subjectTokens(msg.subject);
    // Only a tenant and family someone listens to is read at all; the key holds only families of KIND_BY_FAMILY.
    const family = tokens?.family as LiveEventFamily;
    const group = tokens && listeners.get(listenerKey(tokens.tenant, family));
    if (!tokens || !group) return;
    const event = parseEvent(msg.data);
    const kind = KIND_BY_FAMILY[family];
    const change = event ? toLiveChange(event, tokens.tenant, kind) : null;
    if (change) for (const listener of [...group]) listener.push(change);
  };

  const unsubscribe = (sub: Subscription) => {
    if (sub.isClosed()) return;
    try {
      sub.unsubscribe();
    } catch {
      // The connection is already closed: so is the subscription.
    }
  };

  /** The shared subscription, opened if nobody holds it; resolves once the server has it (false: it failed). */
  const subscription = (nc: NatsConnection): Shared | null => {
    if (shared && !shared.sub.isClosed()) return shared;
    let sub: Subscription;
    try {
      sub = nc.subscribe(subject, {
        callback: (error, msg) => {
          if (!error) dispatch(msg);
        },
      });
    } catch (error) {
      log?.warn({ err: error }, 'live_events_subscribe_failed');
      return null;
    }
    // A round trip: the server has the subscription before any caller is told it is live.
    const ready = within(nc.flush(), timeoutMs).then(
      () => !sub.isClosed(),
      (error: unknown) => {
        log?.warn({ err: error }, 'live_events_subscribe_failed');
        // Its waiting callers get null; the next caller tries a subscription of its own.
        if (shared === current) shared = null;
        unsubscribe(sub);
        return false;
      },
    );
    const current: Shared = { sub, ready };
    shared = current;
    return current;
  };

  const addListener = (listener: Listener) => {
    const group = listeners.get(listener.key) ?? new Set<Listener>();
    listeners.set(listener.key, group);
    group.add(listener);
    listenerCount += 1;
  };

  /** Removes a caller; the last one out ends the process's subscription, so an idle process receives nothing. */
  const removeListener = (listener: Listener) => {
    const group = listeners.get(listener.key);
    if (!group?.delete(listener)) return;
    listenerCount -= 1;
    if (group.size === 0) listeners.delete(listener.key);
    if (listenerCount === 0 && shared) {
      unsubscribe(shared.sub);
      shared = null;
    }
  };

  const watch = (nc: NatsConnection, current: Promise<NatsConnection | null>) => {
    void (async () => {
      for await (const status of nc.status()) {
        if (status.type === 'disconnect') {
          connected = false;
          if (listenerCount > 0)
            log?.warn({ feeds: listenerCount }, 'live_events_nats_disconnected');
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

  /** A caller's feed: the changes handed to it, queued until read; it ends on abort, close() or overflow. */
  const openFeed = <TChange>(
    key: string,
    signal?: AbortSignal,
  ): { listener: Listener; feed: LiveFeed<TChange> } => {
    const pending: TChange[] = [];
    let wake: (() => void) | null = null;
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      signal?.removeEventListener('abort', end);
      removeListener(listener);
      wake?.();
    };
    const listener: Listener = {
      key,
      push(change) {
        if (pending.length >= MAX_PENDING_CHANGES) {
          log?.warn({ pending: pending.length }, 'live_events_feed_overflow');
          end();
          return;
        }
        pending.push(change as TChange);
        wake?.();
      },
      end,
    };
    signal?.addEventListener('abort', end, { once: true });
    async function* changes(): AsyncGenerator<TChange, void, undefined> {
      try {
        for (;;) {
          if (ended) return;
          const change = pending.shift();
          if (change !== undefined) {
            yield change;
            continue;
          }
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          wake = null;
        }
      } finally {
        end();
      }
    }
    return { listener, feed: { [Symbol.asyncIterator]: changes, close: end } };
  };

  const openChanges = async <TType extends string, TChange>(
    tenantId: string,
    kind: ChangeKind<TType, TChange>,
    signal?: AbortSignal,
  ): Promise<LiveFeed<TChange> | null> => {
    const key = listenerKey(tenantToken(tenantId), kind.family);
    if (signal?.aborted) return null;
    const nc = await getConnection();
    if (!nc || !connected || nc.isClosed() || signal?.aborted) return null;
    const current = subscription(nc);
    if (!current) return null;
    const { listener, feed } = openFeed<TChange>(key, signal);
    // Listening before the round trip ends: nothing published after `ready` can slip past this caller.
    addListener(listener);
    if (!(await current.ready) || signal?.aborted || current.sub.isClosed()) {
      feed.close();
      return null;
    }
    return feed;
  };

  return {
    openSessionChanges: (tenantId, signal) => openChanges(tenantId, SESSION_CHANGES, signal),
    openAsyncVisitChanges: (tenantId, signal) => openChanges(tenantId, ASYNC_VISIT_CHANGES, signal),

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
