import net from 'node:net';
import type { VirtualSessionParticipantRecord, VirtualSessionRecord } from '@virtual-care/domain';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import {
  listenForSessionChanges,
  SESSION_CHANGES_APPLICATION_NAME,
  type SessionChangeHandlers,
  type SessionChangeListener,
} from '../src/notifications/session-changes.listener';
import { useTestDatabases } from './support/databases';
import { createTenant, participantFor, sessionFor } from './support/fixtures';

// Other test files commit session changes concurrently: every assertion looks at one
// fresh tenant's notifications only.
const arrives = { timeout: 10_000 };

/** What a listener reported, in order: 'listening', 'lost', or 'tenantId:sessionId'. */
class Recorder implements SessionChangeHandlers {
  readonly log: string[] = [];
  changed(tenantId: string, sessionId: string): void {
    this.log.push(`${tenantId}:${sessionId}`);
  }
  listening(): void {
    this.log.push('listening');
  }
  lost(): void {
    this.log.push('lost');
  }
  /** The sessions changed in this tenant, in the order reported. */
  sessionsOf(tenantId: string): string[] {
    const prefix = `${tenantId}:`;
    return this.log.filter((e) => e.startsWith(prefix)).map((e) => e.slice(prefix.length));
  }
  states(): string[] {
    return this.log.filter((e) => e === 'listening' || e === 'lost');
  }
}

describe('session change notifications', () => {
  const { admin, app } = useTestDatabases();

  /** A listener through the app role, closed after the test, once LISTEN is in place. */
  async function listening(
    start: (r: Recorder) => SessionChangeListener = (r) => app.listenForSessionChanges(r),
  ): Promise<{ recorder: Recorder; listener: SessionChangeListener }> {
    const recorder = new Recorder();
    const listener = start(recorder);
    onTestFinished(() => listener.close());
    await expect.poll(() => recorder.states(), arrives).toEqual(['listening']);
    return { recorder, listener };
  }

  /** A committed transaction of the app role in the tenant, for statements no repository offers. */
  async function commit(tenantId: string, sql: string, values: unknown[]): Promise<void> {
    const client = await app.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
      await client.query(sql, values);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }

  const insert = (
    s: VirtualSessionRecord,
    participants: readonly VirtualSessionParticipantRecord[] = [],
  ) => app.unitOfWork.run(s.tenantId, (scope) => scope.sessions.insert(s, participants));

  /** A change nobody asserts on: once it arrives, everything committed before it has too. */
  const marker = (s: VirtualSessionRecord) =>
    commit(s.tenantId, 'UPDATE virtual_sessions SET version = version + 1 WHERE id = $1', [s.id]);

  it('reports session updates and deletes, but not a new session', async () => {
    const { recorder } = await listening();
    const tenant = await createTenant(admin);
    const [a, b] = [sessionFor(tenant), sessionFor(tenant)];
    await insert(a);
    await insert(b);
    await marker(b);
    await expect.poll(() => recorder.sessionsOf(tenant), arrives).toEqual([b.id]);

    const updated = await app.unitOfWork.run(tenant, (scope) =>
      scope.sessions.update({ ...a, status: 'waiting', version: 2 }, 1),
    );
    expect(updated).toBe(true);
    await expect.poll(() => recorder.sessionsOf(tenant), arrives).toEqual([b.id, a.id]);

    await commit(tenant, 'DELETE FROM virtual_sessions WHERE id = $1', [a.id]);
    await expect.poll(() => recorder.sessionsOf(tenant), arrives).toEqual([b.id, a.id, a.id]);
  });

  it('reports participant changes and removals, but neither a heartbeat nor a new participant', async () => {
    const { recorder } = await listening();
    const tenant = await createTenant(admin);
    const [a, b] = [sessionFor(tenant), sessionFor(tenant)];
    const patient = participantFor(a);
    await insert(a, [patient]);
    await insert(b);

    // Both ways a heartbeat writes: touchPresence, and the upsert of an unchanged participant.
    await app.unitOfWork.run(tenant, async (scope) => {
      expect(await scope.participants.touchPresence(patient.id, new Date(), 'invited')).toBe(true);
    });
    await app.unitOfWork.run(tenant, (scope) =>
      scope.participants.save([{ ...patient, lastSeenAt: new Date(Date.now() + 60_000) }]),
    );
    // A participant added on its own (the product's commands bump the session's version as well).
    await app.unitOfWork.run(tenant, (scope) =>
      scope.participants.save([participantFor(a, { role: 'provider' })]),
    );
    await marker(b);
    await expect.poll(() => recorder.sessionsOf(tenant), arrives).toEqual([b.id]);

    await app.unitOfWork.run(tenant, (scope) =>
      scope.participants.save([{ ...patient, status: 'waiting', lastSeenAt: new Date() }]),
    );
    await expect.poll(() => recorder.sessionsOf(tenant), arrives).toEqual([b.id, a.id]);

    await commit(tenant, 'DELETE FROM virtual_session_participants WHERE id = $1', [patient.id]);
    await expect.poll(() => recorder.sessionsOf(tenant), arrives).toEqual([b.id, a.id, a.id]);
  });

  it('reports a transaction touching a session and its participants once', async () => {
    const { recorder } = await listening();
    const tenant = await createTenant(admin);
    const [a, b] = [sessionFor(tenant), sessionFor(tenant)];
    const [provider, patient] = [participantFor(a, { role: 'provider' }), participantFor(a)];
    await insert(a, [provider, patient]);
    await insert(b);
    await app.unitOfWork.run(tenant, async (scope) => {
      await scope.sessions.update({ ...a, status: 'active', version: 2 }, 1);
      await scope.participants.save([
        { ...provider, status: 'active' },
        { ...patient, status: 'admitted' },
      ]);
    });
    await marker(b);
    await expect.poll(() => recorder.sessionsOf(tenant), arrives).toEqual([a.id, b.id]);
  });

  it('reports nothing for a transaction that rolls back', async () => {
    const { recorder } = await listening();
    const tenant = await createTenant(admin);
    const [a, b] = [sessionFor(tenant), sessionFor(tenant)];
    await insert(a);
    await insert(b);
    await expect(
      app.unitOfWork.run(tenant, async (scope) => {
        expect(await scope.sessions.update({ ...a, status: 'cancelled', version: 2 }, 1)).toBe(
          true,
        );
        throw new Error('changed our mind');
      }),
    ).rejects.toThrow('changed our mind');
    await marker(b);
    await expect.poll(() => recorder.sessionsOf(tenant), arrives).toEqual([b.id]);
  });

  it('ignores payloads that are not tenantId:sessionId', async () => {
    const { recorder } = await listening();
    const tenant = await createTenant(admin);
    const b = sessionFor(tenant);
    await insert(b);
    for (const payload of ['', 'no-colon', ':vsn_x', `${tenant}:`]) {
      await admin.query(`SELECT pg_notify('virtual_care_session_changes', $1)`, [payload]);
    }
    await marker(b);
    await expect.poll(() => recorder.sessionsOf(tenant), arrives).toEqual([b.id]);
    // Everything else reported is some other test's change: a well-formed one.
    const changes = recorder.log.filter((e) => e !== 'listening');
    expect(changes.filter((e) => !/^[0-9a-f-]{36}:vsn_[0-9A-Z]+$/.test(e))).toEqual([]);
  });

  // Through a proxy of the test's own, so it can find its backend among other listeners (other test runs
  // share this database) by the port the proxy connected from.
  it('reports the loss of its connection, listens again, and reports later changes', async () => {
    const proxy = await testProxy(new URL(inject('appUrl')));
    onTestFinished(() => proxy.close());
    const { recorder } = await listening((r) => listenForSessionChanges(proxy.url, r));
    const tenant = await createTenant(admin);
    const a = sessionFor(tenant);
    await insert(a);

    const { rows } = await admin.query(
      `SELECT application_name, pg_terminate_backend(pid) AS terminated FROM pg_stat_activity
        WHERE client_addr = '127.0.0.1' AND client_port = ANY($1::int[])`,
      [proxy.upstreamPorts()],
    );
    expect(rows).toEqual([
      { application_name: SESSION_CHANGES_APPLICATION_NAME, terminated: true },
    ]);
    await expect.poll(() => recorder.states(), arrives).toEqual(['listening', 'lost', 'listening']);

    await marker(a);
    await expect.poll(() => recorder.sessionsOf(tenant), arrives).toEqual([a.id]);
  });

  it('notices a connection that silently stopped answering', async () => {
    const proxy = await testProxy(new URL(inject('appUrl')));
    onTestFinished(() => proxy.close());
    const { recorder } = await listening((r) =>
      listenForSessionChanges(proxy.url, r, { retryDelayMs: 50, pingIntervalMs: 100 }),
    );
    const tenant = await createTenant(admin);
    const a = sessionFor(tenant);
    await insert(a);

    proxy.freezeOpenConnections(); // no FIN, no RST: the socket just goes quiet
    await expect.poll(() => recorder.states(), arrives).toEqual(['listening', 'lost', 'listening']);

    await marker(a);
    await expect.poll(() => recorder.sessionsOf(tenant), arrives).toEqual([a.id]);
  });

  it('close() resolves, is idempotent, and no handler is called afterwards', async () => {
    const proxy = await testProxy(new URL(inject('appUrl')));
    onTestFinished(() => proxy.close());
    const closed = await listening((r) => listenForSessionChanges(proxy.url, r));
    const witness = await listening();
    const tenant = await createTenant(admin);
    const a = sessionFor(tenant);
    await insert(a);

    await closed.listener.close();
    await closed.listener.close();
    expect(proxy.openConnections()).toBe(0); // close() resolved once the connection had ended
    const before = [...closed.recorder.log];
    await marker(a);
    await expect.poll(() => witness.recorder.sessionsOf(tenant), arrives).toEqual([a.id]);
    expect(closed.recorder.log).toEqual(before);
    expect(proxy.acceptedConnections()).toBe(1); // and it did not reconnect
  });
});

/**
 * A TCP proxy to the database. Its open connections can be frozen: bytes stop flowing both ways while
 * both sockets stay open, as when a firewall or NAT drops a connection without telling either end.
 * Connections opened after a freeze flow normally.
 */
async function testProxy(target: URL): Promise<{
  url: string;
  /** The local ports of its connections to the database: pg_stat_activity.client_port. */
  upstreamPorts(): number[];
  openConnections(): number;
  acceptedConnections(): number;
  freezeOpenConnections(): void;
  close(): Promise<void>;
}> {
  const pairs = new Set<[net.Socket, net.Socket]>();
  let accepted = 0;
  const server = net.createServer((downstream) => {
    accepted += 1;
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    const pair: [net.Socket, net.Socket] = [downstream, upstream];
    pairs.add(pair);
    downstream.pipe(upstream).pipe(downstream);
    for (const socket of pair) {
      socket.on('error', () => {});
      socket.on('close', () => {
        pairs.delete(pair);
        downstream.destroy();
        upstream.destroy();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(target);
  url.hostname = '127.0.0.1';
  url.port = String((server.address() as net.AddressInfo).port);
  return {
    url: url.toString(),
    upstreamPorts: () => [...pairs].map(([, upstream]) => upstream.localPort ?? 0),
    openConnections: () => pairs.size,
    acceptedConnections: () => accepted,
    freezeOpenConnections() {
      for (const [downstream, upstream] of pairs) {
        downstream.unpipe(upstream);
        upstream.unpipe(downstream);
        downstream.pause();
        upstream.pause();
      }
    },
    async close() {
      for (const pair of pairs) for (const socket of pair) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
