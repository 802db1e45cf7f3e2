/**
 * Removal means out, on the Jitsi stand-in's side (decision 0040): a moderator's kick ends the other's place in the
 * call for good, a participant cannot kick, and a token past its `exp` opens no connection, a reconnect included
 * (prosody's token auth checks a token when a client connects). Over HTTP, reading the signalling streams a room
 * page would read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJitsiMeetStandIn, type JitsiMeetStandIn } from '../src/index';
import { signJitsiJwt } from './support/jitsi-jwt';

const SECRET = 'kick-test-secret';
const APP_ID = 'virtual-care-test';

let jitsi: JitsiMeetStandIn;

beforeAll(async () => {
  jitsi = await startJitsiMeetStandIn({ jwtSecret: SECRET, appId: APP_ID });
});

afterAll(async () => {
  await jitsi?.stop();
});

/** The room page for this JWT (its status) and the signalling ticket it carries (null: none). */
async function roomPage(room: string, jwt: string) {
  const response = await fetch(`${jitsi.url}/${room}?jwt=${jwt}`);
  const ticket = /"ticket":"([^"]+)"/.exec(await response.text())?.[1] ?? null;
  return { status: response.status, ticket };
}

function token(room: string, name: string, moderator: boolean, exp?: number): string {
  return signJitsiJwt(SECRET, {
    iss: APP_ID,
    room,
    ...(exp !== undefined ? { exp } : {}),
    user: { name, moderator },
  });
}

/** One peer's event stream, read as it arrives: `next(name)` waits for that event's data. */
async function join(room: string, ticket: string) {
  const response = await fetch(`${jitsi.url}/_signal/${room}/events?ticket=${ticket}`);
  expect(response.status).toBe(200);
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const seen: Array<{ event: string; data: Record<string, unknown> }> = [];
  let buffer = '';
  let ended = false;
  const readMore = async () => {
    const { value, done } = await reader.read();
    if (done) {
      ended = true;
      return;
    }
    buffer += value;
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const event = /^event: (.+)$/m.exec(block)?.[1];
      const data = /^data: (.+)$/m.exec(block)?.[1];
      if (event && data) seen.push({ event, data: JSON.parse(data) as Record<string, unknown> });
    }
  };
  const next = async (event: string) => {
    for (;;) {
      const index = seen.findIndex((entry) => entry.event === event);
      if (index >= 0) return seen.splice(index, 1)[0]!.data;
      if (ended) throw new Error(`the stream ended before "${event}"`);
      await readMore();
    }
  };
  const untilEnded = async () => {
    while (!ended) await readMore();
  };
  const welcome = await next('welcome');
  const self = welcome.self as { id: string };
  return { id: self.id, next, untilEnded, events: () => seen.map((entry) => entry.event) };
}

const post = (room: string, ticket: string, messages: unknown[]) =>
  fetch(`${jitsi.url}/_signal/${room}?ticket=${ticket}`, {
    method: 'POST',
    body: JSON.stringify(messages),
  });

describe('jitsi stand-in: removal means out', () => {
  it("a moderator's kick ends the other's place for good; a participant's kick is refused", async () => {
    const room = 'kick-test';
    const doctorTicket = (await roomPage(room, token(room, 'Dr Alice', true))).ticket!;
    const patientTicket = (await roomPage(room, token(room, 'Bob Patient', false))).ticket!;
    const doctor = await join(room, doctorTicket);
    const patient = await join(room, patientTicket);
    expect(await doctor.next('join')).toEqual({ id: patient.id, displayName: 'Bob Patient' });

    // The patient tries to kick the doctor: refused, nobody leaves.
    const refused = await post(room, patientTicket, [{ type: 'kick', to: doctor.id }]);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ error: 'not_moderator' });

    // The doctor kicks the patient: both hear it, the patient's stream ends, the doctor sees them leave.
    expect((await post(room, doctorTicket, [{ type: 'kick', to: patient.id }])).status).toBe(204);
    expect(await patient.next('kicked')).toEqual({ id: patient.id, by: doctor.id });
    await patient.untilEnded();
    expect(await doctor.next('kicked')).toEqual({ id: patient.id, by: doctor.id });
    expect(await doctor.next('leave')).toEqual({ id: patient.id });
    // The refused kick moved no one: the patient never heard of the doctor leaving.
    expect(patient.events()).not.toContain('leave');

    // The kicked page's ticket opens no stream again (an EventSource reconnecting by itself).
    const again = await fetch(`${jitsi.url}/_signal/${room}/events?ticket=${patientTicket}`);
    expect(again.status).toBe(403);
    expect(await again.json()).toEqual({ error: 'kicked' });
    // And it may no longer signal into the room.
    expect((await post(room, patientTicket, [{ type: 'media' }])).status).toBe(409);
  });

  it('a token past its exp gets no room page, and its ticket opens no stream once it expired', async () => {
    const room = 'expiry-test';
    const now = Math.floor(Date.now() / 1000);
    const expired = await roomPage(room, token(room, 'Old Token', false, now - 1));
    expect(expired).toEqual({ status: 401, ticket: null });

    // Valid for two more seconds: the page connects, then (its token expired) a reconnect is refused.
    const exp = now + 2;
    const page = await roomPage(room, token(room, 'Short Token', false, exp));
    expect(page.status).toBe(200);
    const first = new AbortController();
    const opened = await fetch(`${jitsi.url}/_signal/${room}/events?ticket=${page.ticket}`, {
      signal: first.signal,
    });
    expect(opened.status).toBe(200);
    first.abort();
    await new Promise((resolve) => setTimeout(resolve, exp * 1000 - Date.now() + 50));
    const reconnect = await fetch(`${jitsi.url}/_signal/${room}/events?ticket=${page.ticket}`);
    expect(reconnect.status).toBe(403);
    expect(await reconnect.json()).toEqual({ error: 'token_expired' });
  });
});
