import type { VirtualSessionRecord } from '@virtual-care/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { asTenant, useTestDatabases } from './support/databases';
import { createTenant, sessionFor } from './support/fixtures';

describe('a session’s bandwidth profile and its history (US-008)', () => {
  const { admin, app } = useTestDatabases();
  const uow = app.unitOfWork;
  let tenant: string;
  let other: string;

  beforeAll(async () => {
    tenant = await createTenant(admin);
    other = await createTenant(admin);
  });

  const degraded = (s: VirtualSessionRecord, version: number): VirtualSessionRecord => ({
    ...s,
    status: 'active',
    bandwidthProfile: 'audio_only',
    bandwidthChanges: [
      {
        from: 'video',
        to: 'audio_only',
        changedAt: new Date('2026-05-01T09:10:00.000Z'),
        actorId: s.initiatorId,
      },
    ],
    messagingThreadId: null,
    version,
  });

  it('starts on video, writes each change once with the session, in order, and reads it back', async () => {
    const s0 = sessionFor(tenant);
    await uow.run(tenant, (s) => s.sessions.insert(s0));
    expect(await uow.run(tenant, (s) => s.sessions.findById(s0.id))).toMatchObject({
      bandwidthProfile: 'video',
      bandwidthChanges: [],
    });

    const audio = degraded(s0, 2);
    expect(await uow.run(tenant, (s) => s.sessions.update(audio, 1))).toBe(true);
    const text: VirtualSessionRecord = {
      ...audio,
      bandwidthProfile: 'async_text',
      messagingThreadId: 'thr_0b7c4b1e-2f6d-4a5e-9c1a-3e8f2d7a6b5c',
      bandwidthChanges: [
        ...audio.bandwidthChanges,
        {
          from: 'audio_only',
          to: 'async_text',
          changedAt: new Date('2026-05-01T09:12:30.000Z'),
          actorId: 'system',
        },
      ],
      version: 3,
    };
    expect(await uow.run(tenant, (s) => s.sessions.update(text, 2))).toBe(true);
    // a later write of the same history adds nothing
    expect(await uow.run(tenant, (s) => s.sessions.update({ ...text, version: 4 }, 3))).toBe(true);

    const found = await uow.run(tenant, (s) => s.sessions.findWithParticipants(s0.id));
    expect(found?.session).toEqual({ ...text, version: 4 });
    const page = await uow.run(tenant, (s) => s.sessions.list({ limit: 100 }));
    expect(page.items.find((i) => i.id === s0.id)?.bandwidthChanges).toEqual(text.bandwidthChanges);
    const { rows } = await admin.query(
      `SELECT seq, from_profile, to_profile, actor_id FROM virtual_session_bandwidth_changes
        WHERE session_id = $1 ORDER BY seq`,
      [s0.id],
    );
    expect(rows).toEqual([
      { seq: 1, from_profile: 'video', to_profile: 'audio_only', actor_id: s0.initiatorId },
      { seq: 2, from_profile: 'audio_only', to_profile: 'async_text', actor_id: 'system' },
    ]);
  });

  it('a stale write adds no history, and the database refuses an unknown profile', async () => {
    const s0 = sessionFor(tenant);
    await uow.run(tenant, (s) => s.sessions.insert(s0));
    expect(await uow.run(tenant, (s) => s.sessions.update(degraded(s0, 2), 5))).toBe(false);
    expect(await uow.run(tenant, (s) => s.sessions.findById(s0.id))).toMatchObject({
      bandwidthProfile: 'video',
      bandwidthChanges: [],
    });
    await expect(
      admin.query(`UPDATE virtual_sessions SET bandwidth_profile = 'hd' WHERE id = $1`, [s0.id]),
    ).rejects.toThrow(/ck_virtual_sessions_bandwidth_profile/);
  });

  it('another tenant sees none of the history and cannot write into it', async () => {
    const s0 = sessionFor(tenant);
    await uow.run(tenant, (s) => s.sessions.insert(s0));
    await uow.run(tenant, (s) => s.sessions.update(degraded(s0, 2), 1));
    const seen = await asTenant(app, other, async (client) => {
      const { rows } = await client.query<Record<string, unknown>>(
        'SELECT * FROM virtual_session_bandwidth_changes WHERE session_id = $1',
        [s0.id],
      );
      return rows;
    });
    expect(seen).toEqual([]);
    await expect(
      asTenant(app, other, (client) =>
        client.query(
          `INSERT INTO virtual_session_bandwidth_changes
             (tenant_id, session_id, seq, from_profile, to_profile, changed_at, actor_id)
           VALUES ($1, $2, 2, 'audio_only', 'async_text', now(), 'x')`,
          [tenant, s0.id],
        ),
      ),
    ).rejects.toThrow(/row-level security/);
  });
});
