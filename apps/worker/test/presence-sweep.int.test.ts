import { randomBytes } from 'node:crypto';
import {
  createHmacJoinTokenSigner,
  parseJoinTokenKeyring,
  systemClock,
  ulidIds,
} from '@virtual-care/api';
import { createDatabase } from '@virtual-care/db';
import {
  defaultTenantConfig,
  recordHeartbeat,
  type VirtualSessionRecord,
} from '@virtual-care/domain';
import { describe, expect, it } from 'vitest';
import { runPresenceSweepPass } from '../src/presence-sweep.job';
import {
  createTenant,
  participantRecord,
  sessionRecord,
  silentLog,
  useTestContext,
} from './support/fixtures';

const ctx = useTestContext();
const GRACE_SECONDS = 3;
const HEARTBEAT_TIMEOUT_SECONDS = 1;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function activeSession(tenantId: string) {
  // Silent past the heartbeat timeout, still within the grace window (which counts from this last sign of life).
  const silentSince = new Date(Date.now() - 1_500);
  const session = sessionRecord(tenantId, { status: 'active', actualStart: silentSince });
  const patient = participantRecord(session, {
    role: 'patient',
    status: 'active',
    joinedAt: silentSince,
    lastSeenAt: silentSince,
  });
  const provider = participantRecord(session, {
    role: 'provider',
    status: 'active',
    joinedAt: silentSince,
    lastSeenAt: silentSince,
  });
  await ctx.db.unitOfWork.run(tenantId, async (scope) => {
    await scope.sessions.insert(session);
    await scope.participants.save([patient, provider]);
  });
  return { session, patient, provider };
}

async function tenantWithShortGrace() {
  const tenantId = await createTenant(ctx.admin);
  await ctx.db.unitOfWork.run(tenantId, (scope) =>
    scope.tenantConfigs.save(
      { ...defaultTenantConfig(tenantId, new Date()), graceReconnectSeconds: GRACE_SECONDS },
      null,
    ),
  );
  return tenantId;
}

const status = (tenantId: string, session: VirtualSessionRecord) =>
  ctx.db.unitOfWork.run(tenantId, async (scope) => ({
    session: (await scope.sessions.findById(session.id))?.status,
    participants: (await scope.sessions.findWithParticipants(session.id))?.participants
      .map((p) => p.status)
      .sort(),
  }));

describe('grace-reconnect sweep', () => {
  it('silent participants -> disconnected -> session failed after the grace window, across a worker restart', async () => {
    const tenantId = await tenantWithShortGrace();
    const { session } = await activeSession(tenantId);
    const before = createDatabase({ url: ctx.workerUrl, maxConnections: 2 });
    await runPresenceSweepPass(
      {
        scans: before.scans,
        uow: before.unitOfWork,
        clock: systemClock,
        ids: ulidIds,
        log: silentLog,
      },
      HEARTBEAT_TIMEOUT_SECONDS,
    );
    expect(await status(tenantId, session)).toEqual({
      session: 'active',
      participants: ['disconnected', 'disconnected'],
    });
    await before.close(); // the worker goes away: no timer survives in memory

    await sleep(GRACE_SECONDS * 1000 + 300);
    const after = createDatabase({ url: ctx.workerUrl, maxConnections: 2 }); // a new worker process
    const result = await runPresenceSweepPass(
      {
        scans: after.scans,
        uow: after.unitOfWork,
        clock: systemClock,
        ids: ulidIds,
        log: silentLog,
      },
      HEARTBEAT_TIMEOUT_SECONDS,
    );
    await after.close();
    expect(result.failed).toContain(session.id);
    expect((await status(tenantId, session)).session).toBe('failed');
    const { rows } = await ctx.admin.query(
      `SELECT 1 FROM virtual_care_outbox WHERE tenant_id = $1 AND aggregate_id = $2 AND event_type = 'virtual_care.session.failed.v1'`,
      [tenantId, session.id],
    );
    expect(rows).toHaveLength(1);
  });

  it('a participant back within the grace window restores the session', async () => {
    const tenantId = await tenantWithShortGrace();
    const { session, patient, provider } = await activeSession(tenantId);
    const deps = {
      scans: ctx.db.scans,
      uow: ctx.db.unitOfWork,
      clock: systemClock,
      ids: ulidIds,
      log: silentLog,
    };
    await runPresenceSweepPass(deps, HEARTBEAT_TIMEOUT_SECONDS);
    expect((await status(tenantId, session)).participants).toEqual([
      'disconnected',
      'disconnected',
    ]);

    const signer = createHmacJoinTokenSigner({
      keyring: parseJoinTokenKeyring(`k1:${randomBytes(32).toString('base64url')}`),
      audience: 'http://localhost:3000',
    });
    const now = Math.floor(Date.now() / 1000);
    for (const p of [patient, provider]) {
      const token = await signer.sign({
        tenantId,
        sessionId: session.id,
        participantId: p.id,
        role: p.role,
        nbf: now - 5,
        exp: now + 600,
      });
      await recordHeartbeat(
        { uow: ctx.db.unitOfWork, clock: systemClock, ids: ulidIds, signer },
        { token },
      );
    }
    await sleep(GRACE_SECONDS * 1000 + 300);
    // The heartbeat was fresh enough only if the sweep runs before the heartbeat timeout; use a timeout longer than the wait.
    const result = await runPresenceSweepPass(deps, 30);
    expect(result.failed).not.toContain(session.id);
    expect(await status(tenantId, session)).toEqual({
      session: 'active',
      participants: ['active', 'active'],
    });
  });
});

describe('no-shows', () => {
  it("a visit whose patient never came is cancelled as a no-show once the tenant's grace window has passed, once", async () => {
    const tenantId = await createTenant(ctx.admin);
    const graceMinutes = 10;
    await ctx.db.unitOfWork.run(tenantId, (scope) =>
      scope.tenantConfigs.save(
        { ...defaultTenantConfig(tenantId, new Date()), sessionGraceMinutesAfter: graceMinutes },
        null,
      ),
    );
    const startedAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);
    const missed = sessionRecord(tenantId, { status: 'waiting', scheduledStart: startedAgo(11) });
    const stillInGrace = sessionRecord(tenantId, {
      status: 'waiting',
      scheduledStart: startedAgo(9),
    });
    const cameAndWent = sessionRecord(tenantId, {
      status: 'waiting',
      scheduledStart: startedAgo(30),
    });
    await ctx.db.unitOfWork.run(tenantId, async (scope) => {
      for (const session of [missed, stillInGrace, cameAndWent]) {
        await scope.sessions.insert(session);
        await scope.participants.save([
          participantRecord(session, {
            role: 'provider',
            userId: session.initiatorId,
            status: 'active',
            joinedAt: startedAgo(1),
            lastSeenAt: new Date(),
          }),
          participantRecord(session, {
            role: 'patient',
            userId: session.patientId,
            status: session === cameAndWent ? 'disconnected' : 'invited',
            waitingSince: session === cameAndWent ? startedAgo(20) : null,
            leftAt: session === cameAndWent ? startedAgo(15) : null,
          }),
        ]);
      }
    });
    const deps = {
      scans: ctx.db.scans,
      uow: ctx.db.unitOfWork,
      clock: systemClock,
      ids: ulidIds,
      log: silentLog,
    };
    const first = await runPresenceSweepPass(deps, 60);
    expect(first.noShows).toContain(missed.id);
    expect(first.noShows).not.toContain(stillInGrace.id);
    expect(first.noShows).not.toContain(cameAndWent.id);
    expect((await runPresenceSweepPass(deps, 60)).noShows).not.toContain(missed.id);

    const stored = await ctx.db.unitOfWork.read(tenantId, (scope) =>
      scope.sessions.findWithParticipants(missed.id),
    );
    expect(stored?.session).toMatchObject({ status: 'cancelled', cancellationReason: 'no_show' });
    // The clinician who waited in the room left when the visit was closed.
    expect(stored?.participants.find((p) => p.role === 'provider')?.status).toBe('disconnected');
    const { rows } = await ctx.admin.query<{
      payload: { payload: { reason: string; cancelledBy: string } };
    }>(
      `SELECT payload FROM virtual_care_outbox WHERE tenant_id = $1 AND aggregate_id = $2 AND event_type = 'virtual_care.session.cancelled.v1'`,
      [tenantId, missed.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.payload.payload).toMatchObject({ reason: 'no_show', cancelledBy: 'system' });
  });
});
