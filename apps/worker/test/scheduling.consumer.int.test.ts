import { randomBytes, randomUUID } from 'node:crypto';
import { createVirtualSession, type CreateVirtualSessionCommand } from '@virtual-care/domain';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { describe, expect, it } from 'vitest';
import { startSchedulingConsumer } from '../src/scheduling.consumer';
import { connectNats, createTenant, silentLog, useTestContext, waitFor } from './support/fixtures';
import {
  createHmacJoinTokenSigner,
  parseJoinTokenKeyring,
  systemClock,
  ulidIds,
} from '@virtual-care/api';

const ctx = useTestContext();

describe('scheduling consumer', () => {
  it('the same booked event delivered three times creates one session; cancelled cancels it', async () => {
    const tenantId = await createTenant(ctx.admin);
    const nc = await connectNats(ctx.natsUrl);
    const jsm = await jetstreamManager(nc);
    const tag = randomBytes(4).toString('hex');
    const stream = `SCHED_TEST_${tag}`;
    const prefix = `scht_${tag}`;
    // The outside systems of session creation, met in-test: licensed, consent on file, a healthy backend.
    const createDeps = {
      uow: ctx.db.unitOfWork,
      clock: systemClock,
      ids: ulidIds,
      licence: { isVirtualCareLicensed: () => Promise.resolve(true) },
      consent: { hasConsent: () => Promise.resolve(true) },
      videoHealth: { check: () => Promise.resolve({ healthy: true, latencyMs: 1 }) },
      video: {
        createRoom: (i: { roomName: string }) =>
          Promise.resolve({
            roomName: i.roomName,
            roomUrl: `https://meet.example.test/${i.roomName}`,
          }),
        issueJoinCredentials: () => Promise.reject(new Error('not used')),
      },
      random: { alphanumeric: (n: number) => randomBytes(n).toString('hex').slice(0, n) },
      signer: createHmacJoinTokenSigner({
        keyring: parseJoinTokenKeyring(`k1:${randomBytes(32).toString('base64url')}`),
      }),
    };
    const consumer = await startSchedulingConsumer({
      js: jetstream(nc),
      jsm,
      stream,
      subjectPrefix: prefix,
      durable: `vc-${tag}`,
      log: silentLog,
      handler: {
        inbox: ctx.db.inbox,
        scans: ctx.db.scans,
        uow: ctx.db.unitOfWork,
        clock: systemClock,
        ids: ulidIds,
        log: silentLog,
        createSession: (command: CreateVirtualSessionCommand) =>
          createVirtualSession(createDeps, command),
      },
    });
    const appointmentId = randomUUID();
    const start = new Date(Date.now() + 3_600_000);
    const booked = {
      specversion: '1.0',
      id: `sched-${randomUUID()}`,
      source: '/scheduling-service',
      type: 'scheduling.appointment.booked.v1',
      time: new Date().toISOString(),
      datacontenttype: 'application/json',
      tenantid: tenantId,
      data: {
        appointmentId,
        patientId: randomUUID(),
        practitionerId: randomUUID(),
        nodeId: randomUUID(),
        start: start.toISOString(),
        end: new Date(start.getTime() + 1_800_000).toISOString(),
        visitMode: 'telehealth',
      },
    };
    const js = jetstream(nc);
    // Three deliveries of one event: distinct NATS messages (no Nats-Msg-Id), so only the inbox can dedupe.
    for (let i = 0; i < 3; i++)
      await js.publish(`${prefix}.appointment.booked.v1`, JSON.stringify(booked));
    const sessions = async () =>
      (
        await ctx.admin.query<{ id: string; status: string }>(
          'SELECT id, status FROM virtual_sessions WHERE tenant_id = $1 AND appointment_id = $2',
          [tenantId, appointmentId],
        )
      ).rows;
    const consumerInfo = () => jsm.consumers.info(stream, `vc-${tag}`);
    await waitFor(
      async () => {
        const info = await consumerInfo();
        return (
          info.num_pending === 0 && info.num_ack_pending === 0 && info.delivered.consumer_seq >= 3
        );
      },
      20_000,
      'three deliveries acknowledged',
    );
    expect(await sessions()).toHaveLength(1);
    const inbox = await ctx.admin.query('SELECT 1 FROM virtual_care_inbox WHERE event_id = $1', [
      booked.id,
    ]);
    expect(inbox.rows).toHaveLength(1);

    const cancelled = {
      ...booked,
      id: `sched-${randomUUID()}`,
      type: 'scheduling.appointment.cancelled.v1',
      data: { appointmentId, cancelledBy: randomUUID(), reason: 'patient_request' },
    };
    await js.publish(`${prefix}.appointment.cancelled.v1`, JSON.stringify(cancelled));
    await waitFor(
      async () => (await sessions())[0]?.status === 'cancelled',
      20_000,
      'the session to be cancelled',
    );

    await consumer.stop();
    await jsm.streams.delete(stream);
    await nc.close();
  });
});
