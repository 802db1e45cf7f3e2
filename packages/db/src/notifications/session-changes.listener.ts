import {
  listenOnChannel,
  type ChannelListener,
  type ChannelListenerOptions,
} from './listen-channel';

/** Fired on commit by the triggers of migration 20261123000000_session_change_notifications. */
export const SESSION_CHANGES_CHANNEL = 'virtual_care_session_changes';

/** Shown in pg_stat_activity, so operators (and tests) can tell this connection apart. */
export const SESSION_CHANGES_APPLICATION_NAME = 'virtual-care-session-changes';

/** Called synchronously from the connection's events: they must not throw. */
export interface SessionChangeHandlers {
  /** A change to this session was committed (by this or any other instance). */
  changed(tenantId: string, sessionId: string): void;
  /** LISTEN is in place (first time, or again after a reconnect): from now on every change is reported. */
  listening(): void;
  /** Notifications stopped (connection lost or failed): changes may go unreported until `listening` again. */
  lost(error: Error): void;
}

export type SessionChangeListener = ChannelListener;
export type SessionChangeListenerOptions = ChannelListenerOptions;

/** Every committed change to a session, from any instance, as `tenantId:sessionId` notices on one connection. */
export function listenForSessionChanges(
  url: string,
  handlers: SessionChangeHandlers,
  options: SessionChangeListenerOptions = {},
): SessionChangeListener {
  return listenOnChannel(
    url,
    { channel: SESSION_CHANGES_CHANNEL, applicationName: SESSION_CHANGES_APPLICATION_NAME },
    {
      notified(payload) {
        const change = parsePayload(payload);
        if (change) handlers.changed(change.tenantId, change.sessionId);
      },
      listening: () => handlers.listening(),
      lost: (error) => handlers.lost(error),
    },
    options,
  );
}

/** `<tenant uuid>:<session id>`; anything else is not ours to act on. */
function parsePayload(payload: string | undefined): { tenantId: string; sessionId: string } | null {
  const at = payload?.indexOf(':') ?? -1;
  if (!payload || at <= 0 || at === payload.length - 1) return null;
  return { tenantId: payload.slice(0, at), sessionId: payload.slice(at + 1) };
}
