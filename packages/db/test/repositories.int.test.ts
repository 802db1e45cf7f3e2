import { randomUUID } from 'node:crypto';
import type {
  AsyncVisitRecord,
  ConsentRecord,
  TenantVirtualCareConfigRecord,
} from '@virtual-care/domain';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { asTenant, useTestDatabases } from './support/databases';
import {
  asyncVisitFor,
  createTenant,
  createdEvent,
  participantFor,
  sessionFor,
} from './support/fixtures';

describe('repositories of the tenant unit of work', () => {
  const { admin, app } = useTestDatabases();
  const uow = app.unitOfWork;
  let tenant: string;

  /** Waits until a backend running a statement containing `fragment` is blocked on a lock. */
  async function untilBlockedOnRowLock(fragment: string): Promise<void> {
    for (let i = 0; i < 200; i += 1) {
      const { rows } = await admin.query(
        `SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%' || $1 || '%' AND pid <> pg_backend_pid()`,
        [fragment],
      );
      if (rows.length > 0) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no statement with "${fragment}" blocked on a lock`);
  }

  beforeAll(async () => {
    tenant = await createTenant(admin);
  });

  it('inserts a new session with its first participants and its events in one statement', async () => {
    const s0 = sessionFor(tenant);
    const provider = participantFor(s0, { role: 'provider' });
    const patient = participantFor(s0);
    await uow.run(tenant, (s) => s.sessions.insert(s0, [provider, patient], [createdEvent(s0)]));
    const found = await uow.run(tenant, (s) => s.sessions.findWithParticipants(s0.id));
    expect(found).toEqual({
      session: s0,
      participants: [provider, patient].sort((a, b) => (a.id < b.id ? -1 : 1)),
    });
    const { rows: outbox } = await admin.query(
      'SELECT event_type FROM virtual_care_outbox WHERE aggregate_id = $1',
      [s0.id],
    );
    expect(outbox).toEqual([{ event_type: createdEvent(s0).type }]);
    // a participant the foreign key refuses takes the session down with it: nothing half-written
    const s1 = sessionFor(tenant);
    const orphan = { ...participantFor(s1), sessionId: 'vsn_missing' };
    await expect(uow.run(tenant, (s) => s.sessions.insert(s1, [orphan]))).rejects.toThrow();
    expect(await uow.run(tenant, (s) => s.sessions.findById(s1.id))).toBeNull();
  });

  it('round-trips a session and updates it only at the expected version', async () => {
    const s0 = sessionFor(tenant);
    await uow.run(tenant, (s) => s.sessions.insert(s0));
    expect(await uow.run(tenant, (s) => s.sessions.findById(s0.id))).toEqual(s0);

    const started = {
      ...s0,
      status: 'active' as const,
      actualStart: new Date('2026-05-01T09:01:00Z'),
      version: 2,
    };
    expect(await uow.run(tenant, (s) => s.sessions.update(started, 1))).toBe(true);

    const stale = { ...s0, status: 'cancelled' as const, version: 2 };
    expect(await uow.run(tenant, (s) => s.sessions.update(stale, 1))).toBe(false);
    expect(await uow.run(tenant, (s) => s.sessions.findById(s0.id))).toEqual(started);
  });

  it('rolls back everything when the work throws', async () => {
    const s0 = sessionFor(tenant);
    await expect(
      uow.run(tenant, async (s) => {
        await s.sessions.insert(s0);
        await s.outbox.append([createdEvent(s0)]);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await uow.run(tenant, (s) => s.sessions.findById(s0.id))).toBeNull();
  });

  it('lists sessions by (scheduled_start, id) with an opaque cursor and filters', async () => {
    const t = await createTenant(admin);
    const patient = randomUUID();
    const base = Date.parse('2026-06-01T08:00:00.000Z');
    const sessions = Array.from({ length: 7 }, (_, i) =>
      sessionFor(t, {
        scheduledStart: new Date(base + Math.floor(i / 2) * 3_600_000), // pairs share a start time
        status: i % 3 === 0 ? 'cancelled' : 'scheduled',
        patientId: i < 4 ? patient : randomUUID(),
      }),
    );
    await uow.run(t, async (s) => {
      for (const x of sessions) await s.sessions.insert(x);
    });
    const expected = [...sessions].sort(
      (a, b) => a.scheduledStart.getTime() - b.scheduledStart.getTime() || (a.id < b.id ? -1 : 1),
    );

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await uow.run(t, (s) => s.sessions.list({ limit: 3, cursor }));
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((x) => x.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(expected.map((x) => x.id));

    const filtered = await uow.run(t, (s) =>
      s.sessions.list({
        limit: 50,
        status: ['scheduled'],
        patientId: patient,
        from: new Date(base),
        to: new Date(base + 2 * 3_600_000),
      }),
    );
    expect(filtered.items.map((x) => x.id)).toEqual(
      expected
        .filter((x) => x.status === 'scheduled' && x.patientId === patient)
        .filter((x) => x.scheduledStart.getTime() < base + 2 * 3_600_000)
        .map((x) => x.id),
    );
    expect(filtered.nextCursor).toBeNull();
    await expect(
      uow.run(t, (s) => s.sessions.list({ limit: 3, cursor: 'not-a-cursor' })),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });

  it('upserts participants by id', async () => {
    const s0 = sessionFor(tenant);
    const p1 = participantFor(s0, { role: 'provider' });
    const p2 = participantFor(s0);
    await uow.run(tenant, async (s) => {
      await s.sessions.insert(s0);
      await s.participants.save([p1, p2]);
    });
    const admitted = {
      ...p2,
      status: 'admitted' as const,
      joinedAt: new Date('2026-05-01T09:02:00Z'),
      lastSeenAt: new Date('2026-05-01T09:03:00Z'),
    };
    await uow.run(tenant, (s) => s.participants.save([admitted]));
    const found = await uow.run(tenant, (s) => s.sessions.findWithParticipants(s0.id));
    expect(found?.session).toEqual(s0);
    expect(found?.participants).toEqual([p1, admitted].sort((a, b) => (a.id < b.id ? -1 : 1)));
  });

  it('touchPresence writes only last_seen_at, and only while the status is the expected one', async () => {
    const s0 = sessionFor(tenant, { status: 'waiting', version: 3 });
    const waiting = participantFor(s0, {
      status: 'waiting',
      lastSeenAt: new Date('2026-05-01T09:00:00Z'),
    });
    await uow.run(tenant, async (s) => {
      await s.sessions.insert(s0);
      await s.participants.save([waiting]);
    });
    const seen = new Date('2026-05-01T09:00:05Z');
    expect(
      await uow.run(tenant, (s) => s.participants.touchPresence(waiting.id, seen, 'waiting')),
    ).toBe(true);
    expect(await uow.run(tenant, (s) => s.participants.findById(waiting.id))).toEqual({
      ...waiting,
      lastSeenAt: seen,
    });
    expect(await uow.run(tenant, (s) => s.sessions.findById(s0.id))).toEqual(s0); // no version bump, no session write

    // The status moved since the heartbeat read it: refused, nothing written.
    const admitted = { ...waiting, status: 'admitted' as const, joinedAt: seen, lastSeenAt: seen };
    await uow.run(tenant, (s) => s.participants.save([admitted]));
    const later = new Date('2026-05-01T09:00:10Z');
    expect(
      await uow.run(tenant, (s) => s.participants.touchPresence(waiting.id, later, 'waiting')),
    ).toBe(false);
    expect(await uow.run(tenant, (s) => s.participants.findById(waiting.id))).toEqual(admitted);
    // An unknown participant is refused too.
    expect(
      await uow.run(tenant, (s) => s.participants.touchPresence('vsp_missing', later, 'waiting')),
    ).toBe(false);

    // A late (delayed) heartbeat never moves last_seen_at backwards.
    expect(
      await uow.run(tenant, (s) =>
        s.participants.touchPresence(waiting.id, new Date('2026-05-01T09:00:01Z'), 'admitted'),
      ),
    ).toBe(true);
    expect((await uow.run(tenant, (s) => s.participants.findById(waiting.id)))?.lastSeenAt).toEqual(
      seen,
    );
  });

  it('touchPresence refuses when a concurrent transaction moves the status before it commits', async () => {
    const s0 = sessionFor(tenant, { status: 'waiting' });
    const waiting = participantFor(s0, {
      status: 'waiting',
      lastSeenAt: new Date('2026-05-01T09:00:00Z'),
    });
    await uow.run(tenant, async (s) => {
      await s.sessions.insert(s0);
      await s.participants.save([waiting]);
    });
    // The admit holds the row (updated, not yet committed) while the heartbeat's touch arrives.
    const admit = await app.pool.connect();
    try {
      await admit.query('BEGIN');
      await admit.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenant]);
      await admit.query(
        `UPDATE virtual_session_participants SET status = 'admitted' WHERE id = $1`,
        [waiting.id],
      );
      const touch = uow.run(tenant, (s) =>
        s.participants.touchPresence(waiting.id, new Date('2026-05-01T09:00:05Z'), 'waiting'),
      );
      await untilBlockedOnRowLock('SET last_seen_at');
      await admit.query('COMMIT');
      // PostgreSQL re-checks the WHERE on the committed row: status is no longer 'waiting'.
      expect(await touch).toBe(false);
    } finally {
      await admit.query('ROLLBACK').catch(() => undefined); // no-op after COMMIT; cleans up after a failure
      admit.release();
    }
    expect(await uow.run(tenant, (s) => s.participants.findById(waiting.id))).toEqual({
      ...waiting,
      status: 'admitted',
    });
  });

  it('a participant upsert from an older read keeps the newer last_seen_at of a presence touch', async () => {
    const s0 = sessionFor(tenant, { status: 'waiting' });
    const waiting = participantFor(s0, {
      status: 'waiting',
      lastSeenAt: new Date('2026-05-01T09:00:00Z'),
    });
    await uow.run(tenant, async (s) => {
      await s.sessions.insert(s0);
      await s.participants.save([waiting]);
    });
    const seen = new Date('2026-05-01T09:00:05Z');
    expect(
      await uow.run(tenant, (s) => s.participants.touchPresence(waiting.id, seen, 'waiting')),
    ).toBe(true);
    // An admit that read the participant before the touch saves its (older) copy.
    const admitted = {
      ...waiting,
      status: 'admitted' as const,
      joinedAt: new Date('2026-05-01T09:00:03Z'),
    };
    await uow.run(tenant, (s) => s.participants.save([admitted]));
    expect(await uow.run(tenant, (s) => s.participants.findById(waiting.id))).toEqual({
      ...admitted,
      lastSeenAt: seen,
    });
  });

  it('inserts an async visit once per clientMutationId', async () => {
    const v = asyncVisitFor(tenant);
    const first = await uow.run(tenant, (s) => s.asyncVisits.insertIfAbsent(v));
    expect(first).toEqual({ visit: v, created: true });
    const replay = { ...v, id: `avs_${ulid()}`, chiefComplaint: 'replayed' };
    const second = await uow.run(tenant, (s) => s.asyncVisits.insertIfAbsent(replay));
    expect(second).toEqual({ visit: v, created: false });
    // Concurrent replays: exactly one creates.
    const w = asyncVisitFor(tenant);
    const results = await Promise.all(
      [0, 1, 2].map(() =>
        uow.run(tenant, (s) => s.asyncVisits.insertIfAbsent({ ...w, id: `avs_${ulid()}` })),
      ),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.visit.id)).size).toBe(1);

    const responded = {
      ...v,
      status: 'responded' as const,
      respondedAt: new Date('2026-04-21T10:00:00Z'),
      responseText: 'Keep it dry; apply the cream twice a day.',
    };
    await uow.run(tenant, (s) => s.asyncVisits.update(responded));
    expect(
      await uow.run(tenant, (s) => s.asyncVisits.findByClientMutationId(v.clientMutationId)),
    ).toEqual(responded);
  });

  it('keeps the Encounter rejection of an async visit; lists only answered visits still awaiting an Encounter', async () => {
    const t = await createTenant(admin);
    const answered = (over: Partial<AsyncVisitRecord>) =>
      asyncVisitFor(t, {
        status: 'responded',
        respondedAt: new Date('2026-04-21T10:00:00Z'),
        responseText: 'Rest.',
        ...over,
      });
    const awaiting = answered({});
    const charted = answered({ encounterId: 'enc-1' });
    const refused = answered({
      encounterRejection: {
        at: new Date('2026-04-21T10:00:01Z'),
        httpStatus: 422,
        outcome: {
          resourceType: 'OperationOutcome',
          issue: [{ severity: 'error', code: 'business-rule', diagnostics: 'Unknown patient' }],
        },
      },
    });
    const unanswered = asyncVisitFor(t);
    for (const v of [awaiting, charted, refused, unanswered])
      await uow.run(t, (s) => s.asyncVisits.insertIfAbsent(v));
    expect(await uow.run(t, (s) => s.asyncVisits.findById(refused.id))).toEqual(refused);
    const page = await uow.run(t, (s) =>
      s.asyncVisits.list({ awaitingEncounter: true, limit: 10 }),
    );
    expect(page.items.map((v) => v.id)).toEqual([awaiting.id]);
    await uow.run(t, (s) => s.asyncVisits.update({ ...awaiting, encounterId: 'enc-2' }));
    const none = await uow.run(t, (s) =>
      s.asyncVisits.list({ awaitingEncounter: true, limit: 10 }),
    );
    expect(none.items).toEqual([]);
  });

  it('saves tenant config with insert-once and version-checked updates', async () => {
    const t = await createTenant(admin);
    const config: TenantVirtualCareConfigRecord = {
      tenantId: t,
      defaultVideoBackend: 'jitsi',
      jitsiServerUrl: 'https://meet.example.test',
      jitsiJwtAppId: null,
      jitsiJwtSecretEncrypted: null,
      mediasoupWsUrl: null,
      zoomApiKeyEncrypted: null,
      webexClientIdEncrypted: null,
      teamsClientIdEncrypted: null,
      brandingLogoUrl: null,
      brandingPrimaryColor: '#0f766e',
      roomSlugPrefix: 'tst',
      recordingEnabled: false,
      sessionGraceMinutesBefore: 15,
      sessionGraceMinutesAfter: 30,
      maxParticipants: 8,
      fallbackVideoBackend: null,
      graceReconnectSeconds: 60,
      aiConsentRequired: false,
      aiTranscriptRetentionHours: 48,
      version: 1,
      updatedAt: new Date('2026-04-20T08:00:00.000Z'),
    };
    expect(await uow.run(t, (s) => s.tenantConfigs.save(config, null))).toBe(true);
    expect(await uow.run(t, (s) => s.tenantConfigs.save(config, null))).toBe(false);
    const v2 = { ...config, maxParticipants: 4, version: 2 };
    expect(await uow.run(t, (s) => s.tenantConfigs.save(v2, 1))).toBe(true);
    expect(
      await uow.run(t, (s) =>
        s.tenantConfigs.save({ ...config, maxParticipants: 12, version: 2 }, 1),
      ),
    ).toBe(false);
    expect(await uow.run(t, (s) => s.tenantConfigs.get(t))).toEqual(v2);
    await expect(
      uow.run(t, (s) => s.tenantConfigs.save({ ...v2, maxParticipants: 1, version: 3 }, 2)),
    ).rejects.toThrow(/max_participants/);
  });

  it('appends consent records, reads the latest, and refuses UPDATE and DELETE', async () => {
    const patientId = randomUUID();
    await admin.query(
      `INSERT INTO patients (id, tenant_id, display_name) VALUES ($1, $2, 'Test Patient')`,
      [patientId, tenant],
    );
    const consent = (decision: ConsentRecord['decision'], at: string): ConsentRecord => ({
      id: `cns_${ulid()}`,
      tenantId: tenant,
      patientId,
      type: 'telehealth',
      decision,
      textVersion: 'telehealth-v1',
      capturedAt: new Date(at),
      capturedBy: randomUUID(),
      method: 'portal',
    });
    const granted = consent('granted', '2026-04-01T09:00:00Z');
    const revoked = consent('revoked', '2026-04-02T09:00:00Z');
    await uow.run(tenant, async (s) => {
      await s.consents.append(granted);
      await s.consents.append(revoked);
    });
    expect(await uow.run(tenant, (s) => s.consents.latest(patientId, 'telehealth'))).toEqual(
      revoked,
    );
    expect(await uow.run(tenant, (s) => s.consents.latest(patientId, 'recording'))).toBeNull();
    expect(await uow.run(tenant, (s) => s.consents.listForPatient(patientId))).toEqual([
      granted,
      revoked,
    ]);

    await expect(
      asTenant(app, tenant, (c) =>
        c.query(`UPDATE consent_records SET decision = 'granted' WHERE id = $1`, [revoked.id]),
      ),
    ).rejects.toThrow(/immutable/);
    await expect(
      asTenant(app, tenant, (c) =>
        c.query('DELETE FROM consent_records WHERE id = $1', [revoked.id]),
      ),
    ).rejects.toThrow(/immutable/);
    // Not even a superuser may edit history.
    await expect(
      admin.query('DELETE FROM consent_records WHERE id = $1', [granted.id]),
    ).rejects.toThrow(/immutable/);
  });

  it('writes outbox rows with the full event, in order, and notifies the relay', async () => {
    const listener = await admin.connect();
    const notified = new Promise<string>((resolve) =>
      listener.on('notification', (n) => resolve(n.channel)),
    );
    await listener.query('LISTEN virtual_care_outbox');
    try {
      const s0 = sessionFor(tenant);
      const events = [createdEvent(s0), createdEvent(s0), createdEvent(s0)];
      await uow.run(tenant, async (s) => {
        await s.sessions.insert(s0);
        await s.outbox.append(events);
      });
      expect(await notified).toBe('virtual_care_outbox');
      const { rows } = await admin.query(
        `SELECT event_type, aggregate_id, payload, published, published_at FROM virtual_care_outbox
          WHERE aggregate_id = $1 ORDER BY seq`,
        [s0.id],
      );
      expect(rows).toEqual(
        events.map((e) => ({
          event_type: e.type,
          aggregate_id: s0.id,
          payload: JSON.parse(JSON.stringify(e)) as unknown,
          published: false,
          published_at: null,
        })),
      );
    } finally {
      await listener.query('UNLISTEN *');
      listener.release();
    }
  });

  it('lists and finds the tenant patients, and keeps idempotency keys per tenant', async () => {
    const t = await createTenant(admin);
    const ids = [randomUUID(), randomUUID()];
    await admin.query(
      `INSERT INTO patients (id, tenant_id, display_name, birth_date) VALUES ($1, $3, 'Zahra 100%', '2004-07-21'), ($2, $3, 'Ahmad', NULL)`,
      [ids[0], ids[1], t],
    );
    const result = await uow.run(t, async (s) => ({
      all: await s.patients.list(),
      search: await s.patients.list({ search: '100%' }),
      one: await s.patients.findById(ids[0] ?? ''),
      bad: await s.patients.findById('nope'),
    }));
    expect(result.all.map((p) => p.displayName)).toEqual(['Ahmad', 'Zahra 100%']);
    expect(result.search.map((p) => p.id)).toEqual([ids[0]]);
    expect(result.one).toMatchObject({ birthDate: '2004-07-21', tenantId: t });
    expect(result.bad).toBeNull();

    expect(await uow.run(t, (s) => s.idempotencyKeys.claim('k1', 'h1'))).toBe(true);
    expect(await uow.run(t, (s) => s.idempotencyKeys.claim('k1', 'h1'))).toBe(false);
    await uow.run(t, (s) => s.idempotencyKeys.complete('k1', 201, { id: 'vsn_1' }));
    expect(await uow.run(t, (s) => s.idempotencyKeys.find('k1'))).toMatchObject({
      requestHash: 'h1',
      statusCode: 201,
      response: { id: 'vsn_1' },
    });
    expect(await uow.run(tenant, (s) => s.idempotencyKeys.find('k1'))).toBeNull();
  });
});
