import type { Database } from '@virtual-care/db';
import type { RecentSessionsPort, SessionSnapshot } from '@virtual-care/domain';
import type { Logger } from '../../logger';
import { ExpiringCache } from '../../composition/expiring-cache';

export interface RecentSessions extends RecentSessionsPort {
  close(): Promise<void>;
}

/** A second guard only: every committed change is noticed long before. */
const KEEP_MS = 30_000;
const MAX_SESSIONS = 5_000;

/**
 * Sessions read lately, kept only while PostgreSQL's notices of committed changes reach this process
 * (decision 0011). A session is forgotten when this process commits a change to it (before the unit of work
 * returns, so its own callers read their writes) and when a notice of another's change arrives. While the notices
 * are lost nothing is recalled or kept. A read during which its session changed, or the notices were lost or
 * resumed, is not kept: it may predate the change.
 */
export function createRecentSessions(
  db: Pick<Database, 'listenForSessionChanges' | 'unitOfWork'>,
  logger?: Logger,
): RecentSessions {
  const kept = new ExpiringCache<string, SessionSnapshot>(MAX_SESSIONS);
  /** Sessions being read, with a count of the changes noticed for each since its first read began. */
  const reading = new Map<string, { readers: number; changes: number }>();
  let listening = false;
  /** Bumped whenever listening starts or stops, so a read that spans either is not kept. */
  let term = 0;
  let lostOnce = false;

  const changed = (tenantId: string, sessionId: string) => {
    const key = keyOf(tenantId, sessionId);
    kept.delete(key);
    const slot = reading.get(key);
    if (slot) slot.changes += 1;
  };
  const unwatch = db.unitOfWork.watchCommittedSessions(changed);
  const listener = db.listenForSessionChanges({
    changed,
    listening() {
      listening = true;
      term += 1;
      if (lostOnce)
        logger?.info('session change notices resumed; join links are answered from memory again');
    },
    lost(error) {
      if (listening)
        logger?.warn(
          { err: error },
          'session change notices lost; join links read the database until they resume',
        );
      listening = false;
      lostOnce = true;
      term += 1;
      kept.clear();
    },
  });

  return {
    recall(tenantId, sessionId) {
      return listening ? kept.get(keyOf(tenantId, sessionId), Date.now()) : undefined;
    },
    async readThrough(tenantId, sessionId, read) {
      const key = keyOf(tenantId, sessionId);
      const slot = reading.get(key) ?? { readers: 0, changes: 0 };
      reading.set(key, slot);
      slot.readers += 1;
      const { changes } = slot;
      const startTerm = term;
      const keepable = listening;
      try {
        const found = await read();
        if (found && keepable && term === startTerm && slot.changes === changes)
          kept.set(key, found, Date.now() + KEEP_MS);
        return found;
      } finally {
        slot.readers -= 1;
        if (slot.readers === 0) reading.delete(key);
      }
    },
    close: () => {
      unwatch();
      return listener.close();
    },
  };
}

function keyOf(tenantId: string, sessionId: string): string {
  return `${tenantId}:${sessionId}`;
}
