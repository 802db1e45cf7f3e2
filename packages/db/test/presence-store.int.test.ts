import { OPEN_SESSION_STATUSES, PRESENCE_ONLY_STATUSES } from '@virtual-care/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabases } from './support/databases';
import { createTenant, participantFor, sessionFor } from './support/fixtures';

describe('the one-statement presence refresh (db.presence)', () => {
  const { admin, app } = useTestDatabases();
  let tenant: string;
  let other: string;

  beforeAll(async () => {
    tenant = await createTenant(admin);
    other = await createTenant(admin);
  });

  /** A session of `tenantId` with its patient in `status`; answers both ids. */
  async function patientIn(tenantId: string, status: 'waiting' | 'admitted') {
    const session = { ...sessionFor(tenantId), status: 'waiting' as const, version: 3 };
    const patient = participantFor(session, { status, lastSeenAt: new Date(Date.now() - 60_000) });
    await app.unitOfWork.run(tenantId, (s) => s.sessions.insert(session, [patient]));
    return { sessionId: session.id, participantId: patient.id };
  }

  const refresh = (tenantId: string, ids: { sessionId: string; participantId: string }) =>
    app.presence.refresh(tenantId, {
      ...ids,
      seenAt: new Date(),
      participantStatuses: PRESENCE_ONLY_STATUSES,
      sessionStatuses: OPEN_SESSION_STATUSES,
    });

  async function lastSeen(participantId: string): Promise<Date> {
    const { rows } = await admin.query<{ last_seen_at: Date }>(
      'SELECT last_seen_at FROM virtual_session_participants WHERE id = $1',
      [participantId],
    );
    return rows[0]!.last_seen_at;
  }

  it("refreshes a waiting patient's last sighting and answers the statuses, the session's version unmoved", async () => {
    const ids = await patientIn(tenant, 'waiting');
    const before = await lastSeen(ids.participantId);
    expect(await refresh(tenant, ids)).toEqual({
      participantStatus: 'waiting',
      sessionStatus: 'waiting',
      version: 3,
    });
    expect((await lastSeen(ids.participantId)).getTime()).toBeGreaterThan(before.getTime());
  });

  it('writes nothing for a status a heartbeat must move, or for another tenant', async () => {
    const admitted = await patientIn(tenant, 'admitted');
    const before = await lastSeen(admitted.participantId);
    expect(await refresh(tenant, admitted)).toBeNull();
    expect(await lastSeen(admitted.participantId)).toEqual(before);

    const theirs = await patientIn(other, 'waiting');
    const theirsBefore = await lastSeen(theirs.participantId);
    // Row-level security: another tenant's participant is not there for this tenant's statement.
    expect(await refresh(tenant, theirs)).toBeNull();
    expect(await lastSeen(theirs.participantId)).toEqual(theirsBefore);
  });
});
