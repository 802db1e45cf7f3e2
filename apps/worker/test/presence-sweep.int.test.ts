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
const GRACE_SECONDS = 2;
const HEARTBEAT_TIMEOUT_SECONDS = 1;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function activeSession(tenantId: string) {
  const silentSince = new Date(Date.now() - 5_000);
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
        pool: before.pool,
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
      { pool: after.pool, uow: after.unitOfWork, clock: systemClock, ids: ulidIds, log: silentLog },
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
      pool: ctx.db.pool,
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
