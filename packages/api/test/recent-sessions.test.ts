import type { SessionChangeHandlers, SessionCommitWatcher } from '@virtual-care/db';
import type { SessionSnapshot } from '@virtual-care/domain';
import { describe, expect, it } from 'vitest';
import { createRecentSessions } from '../src/features/join/recent-sessions';

const TENANT = '6f1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e01';
const snapshot = { session: { id: 'vsn_1' }, participants: [] } as unknown as SessionSnapshot;

/** The two sources of change notices, driven by hand: PostgreSQL's notices and this process's commits. */
function sources() {
  let notices: SessionChangeHandlers | undefined;
  let committed: SessionCommitWatcher | undefined;
  const db = {
    listenForSessionChanges(handlers: SessionChangeHandlers) {
      notices = handlers;
      return { close: () => Promise.resolve() };
    },
    unitOfWork: {
      watchCommittedSessions(watcher: SessionCommitWatcher) {
        committed = watcher;
        return () => {
          committed = undefined;
        };
      },
    },
  };
  const recent = createRecentSessions(db as never);
  return {
    recent,
    notices: () => notices!,
    committed: (id: string) => committed?.(TENANT, id),
    watchingCommits: () => committed !== undefined,
  };
}

/** A read that finishes when told, so a notice can arrive while it is under way. */
function pendingRead(result: SessionSnapshot | null = snapshot) {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { read: () => done.then(() => result), finish };
}

describe('recently read sessions (decision 0011)', () => {
  it('keeps nothing and recalls nothing until the notices are listened to', async () => {
    const { recent, notices } = sources();
    await recent.readThrough(TENANT, 'vsn_1', () => Promise.resolve(snapshot));
    expect(recent.recall(TENANT, 'vsn_1')).toBeUndefined();
    notices().listening();
    await recent.readThrough(TENANT, 'vsn_1', () => Promise.resolve(snapshot));
    expect(recent.recall(TENANT, 'vsn_1')).toBe(snapshot);
    expect(recent.recall('another-tenant', 'vsn_1')).toBeUndefined();
  });

  it('forgets a session on its notice and on a commit of this process', async () => {
    const { recent, notices, committed } = sources();
    notices().listening();
    await recent.readThrough(TENANT, 'vsn_1', () => Promise.resolve(snapshot));
    notices().changed(TENANT, 'vsn_1');
    expect(recent.recall(TENANT, 'vsn_1')).toBeUndefined();
    await recent.readThrough(TENANT, 'vsn_1', () => Promise.resolve(snapshot));
    committed('vsn_1');
    expect(recent.recall(TENANT, 'vsn_1')).toBeUndefined();
  });

  it('does not keep a read during which its session changed (the read may predate the change)', async () => {
    const { recent, notices, committed } = sources();
    notices().listening();
    for (const change of [() => notices().changed(TENANT, 'vsn_1'), () => committed('vsn_1')]) {
      const early = pendingRead();
      const reading = recent.readThrough(TENANT, 'vsn_1', early.read);
      change();
      const late = pendingRead(); // began after the change: may be kept
      const lateReading = recent.readThrough(TENANT, 'vsn_1', late.read);
      early.finish();
      await reading;
      expect(recent.recall(TENANT, 'vsn_1')).toBeUndefined();
      late.finish();
      await lateReading;
      expect(recent.recall(TENANT, 'vsn_1')).toBe(snapshot);
      notices().changed(TENANT, 'vsn_1');
    }
  });

  it('another session changing does not stop a read from being kept', async () => {
    const { recent, notices } = sources();
    notices().listening();
    const pending = pendingRead();
    const reading = recent.readThrough(TENANT, 'vsn_1', pending.read);
    notices().changed(TENANT, 'vsn_2');
    pending.finish();
    await reading;
    expect(recent.recall(TENANT, 'vsn_1')).toBe(snapshot);
  });

  it('forgets everything when the notices are lost, and keeps no read that spans the loss', async () => {
    const { recent, notices } = sources();
    notices().listening();
    await recent.readThrough(TENANT, 'vsn_1', () => Promise.resolve(snapshot));
    const pending = pendingRead();
    const reading = recent.readThrough(TENANT, 'vsn_2', pending.read);
    notices().lost(new Error('connection terminated'));
    expect(recent.recall(TENANT, 'vsn_1')).toBeUndefined();
    notices().listening();
    pending.finish();
    await reading;
    expect(recent.recall(TENANT, 'vsn_2')).toBeUndefined();
  });

  it('keeps no unknown session, and stops watching commits when closed', async () => {
    const { recent, notices, watchingCommits } = sources();
    notices().listening();
    expect(await recent.readThrough(TENANT, 'vsn_9', () => Promise.resolve(null))).toBeNull();
    expect(recent.recall(TENANT, 'vsn_9')).toBeUndefined();
    expect(watchingCommits()).toBe(true);
    await recent.close();
    expect(watchingCommits()).toBe(false);
  });
});
