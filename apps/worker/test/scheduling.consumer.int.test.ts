import { randomBytes, randomUUID } from 'node:crypto';
import { createVirtualSession, type CreateVirtualSessionCommand } from '@virtual-care/domain';
import { jetstream, jetstreamManager, type JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEAD_LETTER_HEADERS, deadLetterSubject } from '../src/durable-consumer';
import { createMetrics } from '../src/metrics';
import { startSchedulingConsumer } from '../src/scheduling.consumer';
import { handleSchedulingEvent, type SchedulingHandlerDeps } from '../src/scheduling.handler';
import { connectNats, createTenant, silentLog, useTestContext, waitFor } from './support/fixtures';
import {
  createHmacJoinTokenSigner,
  parseJoinTokenKeyring,
  systemClock,
  ulidIds,
} from '@virtual-care/api';

const ctx = useTestContext();
let nc: NatsConnection;
let tenantId: string;
/** The booked patient: session creation needs a patient of the tenant's registry. */
let patientId: string;

beforeAll(async () => {
  nc = await connectNats(ctx.natsUrl);
  tenantId = await createTenant(ctx.admin);
  patientId = randomUUID();
  await ctx.admin.query('INSERT INTO patients (id, tenant_id, display_name) VALUES ($1, $2, $3)', [
    patientId,
    tenantId,
    'Booked Patient',
  ]);
});
afterAll(async () => {
  await nc.close();
});

/** The handler as the worker wires it; session creation's outside systems met in-test (licensed, consented, healthy). */
function handlerDeps(over: Partial<SchedulingHandlerDeps> = {}): SchedulingHandlerDeps {
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
      audience: 'http://localhost:3000',
    }),
  };
  return {
    inbox: ctx.db.inbox,
    scans: ctx.db.scans,
    uow: ctx.db.unitOfWork,
    clock: systemClock,
    ids: ulidIds,
    log: silentLog,
    createSession: (command: CreateVirtualSessionCommand) =>
      createVirtualSession(createDeps, command),
    ...over,
  };
}

function bookedEvent(appointmentId: string = randomUUID()) {
  const start = new Date(Date.now() + 3_600_000);
  return {
    specversion: '1.0',
    id: `sched-${randomUUID()}`,
    source: '/scheduling-service',
    type: 'scheduling.appointment.booked.v1',
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    tenantid: tenantId,
    data: {
      appointmentId,
      patientId,
      practitionerId: randomUUID(),
      nodeId: randomUUID(),
      start: start.toISOString(),
      end: new Date(start.getTime() + 1_800_000).toISOString(),
      visitMode: 'telehealth',
    },
  };
}

const sessionsOf = async (appointmentId: string) =>
  (
    await ctx.admin.query<{ id: string; status: string }>(
      'SELECT id, status FROM virtual_sessions WHERE tenant_id = $1 AND appointment_id = $2',
      [tenantId, appointmentId],
    )
  ).rows;

/** A scheduling stream and consumer of the test's own; its dead letters land in the same stream. */
async function startConsumer(
  options: { handler?: SchedulingHandlerDeps; maxDeliver?: number } = {},
) {
  const jsm = await jetstreamManager(nc);
  const tag = randomBytes(4).toString('hex');
  const stream = `SCHED_TEST_${tag}`;
  const prefix = `scht_${tag}`;
  const durable = `vc-${tag}`;
  const metrics = createMetrics({ defaults: false });
  const consumer = await startSchedulingConsumer({
    js: jetstream(nc),
    jsm,
    stream,
    subjectPrefix: prefix,
    durable,
    deadLetterPrefix: prefix,
    log: silentLog,
    metrics,
    handler: options.handler ?? handlerDeps(),
    retryDelaysMs: [50],
    maxDeliver: options.maxDeliver,
  });
  const publish = async (type: 'booked' | 'cancelled', body: string) => {
    await jetstream(nc).publish(`${prefix}.appointment.${type}.v1`, body);
  };
  /** Every delivery settled: nothing pending, nothing awaiting an ack. */
  const settled = (deliveries: number) =>
    waitFor(
      async () => {
        const info = await jsm.consumers.info(stream, durable);
        return (
          info.num_pending === 0 &&
          info.num_ack_pending === 0 &&
          info.delivered.consumer_seq >= deliveries
        );
      },
      20_000,
      `${deliveries} deliveries settled`,
    );
  /** The dead letters an operator finds on the consumer's dead-letter subject. */
  const deadLetters = async (): Promise<JsMsg[]> => {
    const reader = await jetstream(nc).consumers.get(stream, {
      filter_subjects: [deadLetterSubject(prefix, durable)],
    });
    const found: JsMsg[] = [];
    for (let m = await reader.next({ expires: 1000 }); m; m = await reader.next({ expires: 1000 }))
      found.push(m);
    return found;
  };
  const deadLettered = async (reason: string) =>
    (await metrics.deadLettered.get()).values.find(
      (v) => v.labels.consumer === durable && v.labels.reason === reason,
    )?.value ?? 0;
  const stop = async () => {
    await consumer.stop();
    await jsm.streams.delete(stream);
  };
  return { publish, settled, deadLetters, deadLettered, durable, stop };
}

describe('scheduling consumer', () => {
  it('the same booked event delivered three times creates one session; cancelled cancels it', async () => {
    const c = await startConsumer();
    const booked = bookedEvent();
    const { appointmentId } = booked.data;
    // Three deliveries of one event: distinct NATS messages (no Nats-Msg-Id), so only the inbox can dedupe.
    for (let i = 0; i < 3; i++) await c.publish('booked', JSON.stringify(booked));
    await c.settled(3);
    expect(await sessionsOf(appointmentId)).toHaveLength(1);
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
    await c.publish('cancelled', JSON.stringify(cancelled));
    await waitFor(
      async () => (await sessionsOf(appointmentId))[0]?.status === 'cancelled',
      20_000,
      'the session to be cancelled',
    );
    expect(await c.deadLetters()).toHaveLength(0);
    await c.stop();
  });

  it('a malformed event goes to the dead-letter subject at once, byte for byte, and is not redelivered', async () => {
    const c = await startConsumer();
    const garbage = '{"id": "sched-broken", "type": "scheduling.appointment.booked.v1"';
    await c.publish('booked', garbage);
    await c.settled(1);

    const [letter, ...more] = await c.deadLetters();
    expect(more).toHaveLength(0);
    expect(new TextDecoder().decode(letter!.data)).toBe(garbage);
    expect(letter!.headers?.get(DEAD_LETTER_HEADERS.consumer)).toBe(c.durable);
    expect(letter!.headers?.get(DEAD_LETTER_HEADERS.reason)).toBe('malformed');
    expect(letter!.headers?.get(DEAD_LETTER_HEADERS.deliveries)).toBe('1');
    expect(await c.deadLettered('malformed')).toBe(1);
    await c.stop();
  });

  it('an event failing on every delivery is dead-lettered after max_deliver tries, not retried forever', async () => {
    let tries = 0;
    const c = await startConsumer({
      maxDeliver: 3,
      handler: handlerDeps({
        createSession: () => {
          tries += 1;
          return Promise.reject(new Error('video backend unreachable'));
        },
      }),
    });
    const booked = bookedEvent();
    await c.publish('booked', JSON.stringify(booked));
    await waitFor(async () => (await c.deadLetters()).length === 1, 20_000, 'a dead letter');
    await c.settled(3);

    const [letter] = await c.deadLetters();
    expect(JSON.parse(new TextDecoder().decode(letter!.data))).toEqual(booked);
    expect(letter!.headers?.get(DEAD_LETTER_HEADERS.reason)).toBe('max_deliver');
    expect(letter!.headers?.get(DEAD_LETTER_HEADERS.deliveries)).toBe('3');
    expect(tries).toBe(3);
    expect(await sessionsOf(booked.data.appointmentId)).toHaveLength(0);
    expect(await c.deadLettered('max_deliver')).toBe(1);
    await c.stop();
  });

  it('copies of a booking handled at the same moment create one session: the rest are duplicates', async () => {
    const copies = 5;
    const appointmentId = randomUUID();
    // Every copy passes the "already created?" check before any inserts: the race the unique index closes.
    let checked = 0;
    let allChecked!: () => void;
    const barrier = new Promise<void>((resolve) => (allChecked = resolve));
    const deps = handlerDeps({
      scans: {
        sessionIdForAppointment: async (tenant, appointment) => {
          const found = await ctx.db.scans.sessionIdForAppointment(tenant, appointment);
          if (++checked === copies) allChecked();
          await barrier;
          return found;
        },
      },
    });
    // Distinct CloudEvent ids (a re-sent booking), so the inbox does not dedupe them.
    const outcomes = await Promise.all(
      Array.from({ length: copies }, () => handleSchedulingEvent(deps, bookedEvent(appointmentId))),
    );

    expect(outcomes.filter((o) => o === 'created')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(copies - 1);
    expect(await sessionsOf(appointmentId)).toHaveLength(1);
  });
});
