/**
 * The Jitsi stand-in as a real call: Debian's Chromium (fake camera and microphone) opens one room as several
 * people, and the test reads each page's WebRTC statistics to see that video frames and audio really arrive.
 * Two join the way the product embeds the call (the IFrame API on a host page of another origin), a third opens
 * the room page directly.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Frame, type Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJitsiMeetStandIn, type JitsiMeetStandIn } from '../src/index';
import { signJitsiJwt } from './support/jitsi-jwt';

const SECRET = 'call-test-secret';
const APP_ID = 'virtual-care-test';
const ROOM = 'visit-call-test';

/** What the room page's `window.jitsiStandIn.stats()` gives (see jitsi-meet.room-page.ts). */
interface PeerStats {
  peerId: string;
  displayName: string;
  connectionState: string;
  inboundVideo: { framesDecoded: number; frameWidth: number; frameHeight: number } | null;
  inboundAudio: { totalAudioEnergy: number; totalSamplesReceived: number } | null;
  localVideoTrackLive: boolean;
  localAudioTrackLive: boolean;
}
interface RoomWindow {
  jitsiStandIn: {
    stats(): Promise<PeerStats[]>;
    localTracks(): { video: string; audio: string };
  };
}
interface HostWindow {
  events: Array<{ name: string; data: Record<string, unknown> }>;
  api: {
    executeCommand(command: string, ...args: unknown[]): void;
    getNumberOfParticipants(): number;
    getIFrame(): HTMLIFrameElement;
  };
}

function jwt(name: string, room = ROOM): string {
  return signJitsiJwt(SECRET, { iss: APP_ID, room, user: { name } });
}

/** The product's way in: a page of another origin loads external_api.js and opens the room in an iframe. */
function hostPageHtml(jitsiPort: number): string {
  return `<!doctype html><html><head><title>host</title></head>
<body style="margin:0"><div id="video" style="width:100vw;height:var(--h, 100vh)"></div>
<script src="http://localhost:${jitsiPort}/external_api.js"></script>
<script>
  var q = new URLSearchParams(location.search);
  if (q.get('height')) document.getElementById('video').style.setProperty('--h', q.get('height'));
  window.events = [];
  window.api = new JitsiMeetExternalAPI('localhost:${jitsiPort}', {
    roomName: q.get('room'), jwt: q.get('jwt'), noSSL: true, width: '100%', height: '100%',
    parentNode: document.getElementById('video'),
    configOverwrite: { prejoinConfig: { enabled: false }, startWithAudioMuted: false, startWithVideoMuted: false }
  });
  ['videoConferenceJoined', 'videoConferenceLeft', 'participantJoined', 'participantLeft', 'readyToClose',
   'errorOccurred', 'audioMuteStatusChanged', 'videoMuteStatusChanged', 'audioOnlyChanged'].forEach(function (name) {
    window.api.addListener(name, function (data) { window.events.push({ name: name, data: data }); });
  });
</script></body></html>`;
}

let jitsi: JitsiMeetStandIn;
let host: Server;
let hostUrl: string;
let browser: Browser;

beforeAll(async () => {
  jitsi = await startJitsiMeetStandIn({ jwtSecret: SECRET, appId: APP_ID });
  host = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(hostPageHtml(jitsi.port));
  });
  await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
  hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      // A camera and microphone without hardware or a permission prompt; sound plays without a click.
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => host?.close(resolve));
  await jitsi?.stop();
});

async function openHostPage(
  name: string,
  viewport: { width: number; height: number },
  frameHeight = '100vh',
): Promise<{ page: Page; frame: Frame }> {
  const page = await (await browser.newContext({ viewport })).newPage();
  const query = new URLSearchParams({ room: ROOM, jwt: jwt(name), height: frameHeight });
  await page.goto(`${hostUrl}/?${query.toString()}`);
  const frame = await (await page.waitForSelector('iframe')).contentFrame();
  if (!frame) throw new Error('the IFrame API made no iframe');
  await page.waitForFunction(() =>
    (window as unknown as HostWindow).events.some((e) => e.name === 'videoConferenceJoined'),
  );
  return { page, frame };
}

async function openRoomPage(name: string): Promise<Frame> {
  const page = await (
    await browser.newContext({ viewport: { width: 1280, height: 800 } })
  ).newPage();
  await page.goto(`${jitsi.url}/${ROOM}?jwt=${jwt(name)}`);
  await page.waitForFunction(() => document.body.textContent?.includes('In the call with'));
  return page.mainFrame();
}

const stats = (frame: Frame) =>
  frame.evaluate(() => (window as unknown as RoomWindow).jitsiStandIn.stats());
const hostEvents = (page: Page) => page.evaluate(() => (window as unknown as HostWindow).events);

/** Video frames decoded at their real size, the fake microphone's beeps heard, and ours going out live. */
function receivesMediaFrom(all: PeerStats[], name: string): boolean {
  const peer = all.find((entry) => entry.displayName === name);
  return (
    !!peer &&
    (peer.inboundVideo?.framesDecoded ?? 0) > 0 &&
    (peer.inboundVideo?.frameWidth ?? 0) > 0 &&
    (peer.inboundAudio?.totalAudioEnergy ?? 0) > 0 &&
    peer.localVideoTrackLive &&
    peer.localAudioTrackLive
  );
}

/** Polls `read` until `ok` (the media path needs a few seconds to start); fails with the last value seen. */
async function until<T>(
  what: string,
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`${what} (not within ${timeoutMs} ms); last seen: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('jitsi stand-in call (Chromium, WebRTC between the room pages)', () => {
  let alice: { page: Page; frame: Frame };
  let bob: { page: Page; frame: Frame };
  let carol: Frame;

  it('two people in the IFrame API on another origin see and hear each other', async () => {
    alice = await openHostPage('Dr Alice Doctor', { width: 1280, height: 800 });
    // The patient on a phone: the call takes about 60% of the screen.
    bob = await openHostPage('Bob Patient', { width: 360, height: 640 }, '60vh');

    const iframe = alice.page.locator('iframe');
    await expect(iframe.getAttribute('allow')).resolves.toBe(
      'camera; microphone; display-capture; fullscreen; autoplay',
    );
    await expect(iframe.getAttribute('title')).resolves.toContain('stand-in');

    await until(
      'Alice receives Bob',
      () => stats(alice.frame),
      (s) => receivesMediaFrom(s, 'Bob Patient'),
    );
    await until(
      'Bob receives Alice',
      () => stats(bob.frame),
      (s) => receivesMediaFrom(s, 'Dr Alice Doctor'),
    );
    for (const side of [alice, bob])
      expect(
        await side.frame.evaluate(() =>
          (window as unknown as RoomWindow).jitsiStandIn.localTracks(),
        ),
      ).toEqual({ video: 'live', audio: 'live' });

    // Remote video plays with sound; names on the tile and in the status.
    const remote = alice.frame.locator('#stage video');
    await expect(remote.evaluate((v: HTMLVideoElement) => !v.muted && !v.paused)).resolves.toBe(
      true,
    );
    await expect(alice.frame.locator('#stage .label').textContent()).resolves.toContain(
      'Bob Patient',
    );
    await expect(alice.frame.locator('#status').textContent()).resolves.toBe(
      'In the call with Bob Patient',
    );
    expect(await hostEvents(alice.page)).toContainEqual({
      name: 'participantJoined',
      data: { id: expect.any(String) as unknown, displayName: 'Bob Patient' },
    });
    expect(
      await bob.page.evaluate(() =>
        (window as unknown as HostWindow).api.getNumberOfParticipants(),
      ),
    ).toBe(2);

    // The host page mutes; the other side's tile says so.
    const toggleAudio = () =>
      alice.page.evaluate(() =>
        (window as unknown as HostWindow).api.executeCommand('toggleAudio'),
      );
    await toggleAudio();
    await until(
      'Bob sees Alice muted',
      () => bob.frame.locator('#stage .label').textContent(),
      (text) => /muted/.test(text ?? ''),
    );
    expect(await hostEvents(alice.page)).toContainEqual({
      name: 'audioMuteStatusChanged',
      data: { muted: true },
    });
    await toggleAudio();
  }, 40_000);

  it('audio only (setAudioOnly): the camera goes off and no video comes in; off again, video returns', async () => {
    const setAudioOnly = (enable: boolean) =>
      bob.page.evaluate(
        (on) => (window as unknown as HostWindow).api.executeCommand('setAudioOnly', on),
        enable,
      );
    const sendsVideoToBob = async () =>
      (await stats(alice.frame)).find((p) => p.displayName === 'Bob Patient')?.localVideoTrackLive;
    await setAudioOnly(true);
    await until('Alice stops sending video to Bob', sendsVideoToBob, (live) => live === false);
    await until(
      'Alice sees Bob’s camera off',
      () => alice.frame.locator('#stage .label').textContent(),
      (text) => /camera off/.test(text ?? ''),
    );
    expect(await hostEvents(bob.page)).toEqual(
      expect.arrayContaining([
        { name: 'audioOnlyChanged', data: { enabled: true } },
        { name: 'videoMuteStatusChanged', data: { muted: true } },
      ]),
    );
    await expect(
      bob.frame
        .locator('#stage video')
        .evaluate((v: HTMLVideoElement) => getComputedStyle(v).visibility),
    ).resolves.toBe('hidden');

    await setAudioOnly(false);
    await until('Alice sends video to Bob again', sendsVideoToBob, (live) => live === true);
    await until(
      'Bob receives Alice again',
      () => stats(bob.frame),
      (s) => receivesMediaFrom(s, 'Dr Alice Doctor'),
    );
    expect(await hostEvents(bob.page)).toEqual(
      expect.arrayContaining([
        { name: 'audioOnlyChanged', data: { enabled: false } },
        { name: 'videoMuteStatusChanged', data: { muted: false } },
      ]),
    );
  }, 40_000);

  it('a third person sees both; one hangs up and the others drop the tile', async () => {
    carol = await openRoomPage('Carol Interpreter');
    await until(
      'Carol receives Alice and Bob',
      () => stats(carol),
      (s) => receivesMediaFrom(s, 'Dr Alice Doctor') && receivesMediaFrom(s, 'Bob Patient'),
    );
    await until(
      'Alice receives Carol',
      () => stats(alice.frame),
      (s) => receivesMediaFrom(s, 'Carol Interpreter'),
    );
    await until(
      'Bob receives Carol',
      () => stats(bob.frame),
      (s) => receivesMediaFrom(s, 'Carol Interpreter'),
    );
    await expect(alice.frame.locator('#stage .tile').count()).resolves.toBe(2);

    const bobId = (await stats(alice.frame)).find((s) => s.displayName === 'Bob Patient')?.peerId;
    await bob.page.evaluate(() => (window as unknown as HostWindow).api.executeCommand('hangup'));
    await until(
      'Bob is told the call is over',
      () => hostEvents(bob.page),
      (events) => events.some((e) => e.name === 'readyToClose'),
    );
    await until(
      'Alice is told Bob left',
      () => hostEvents(alice.page),
      (events) => events.some((e) => e.name === 'participantLeft' && e.data.id === bobId),
    );
    await until(
      'Carol drops Bob',
      () => stats(carol),
      (s) => s.length === 1,
    );
    await expect(alice.frame.locator('#stage .tile').count()).resolves.toBe(1);
    await expect(alice.frame.locator('#status').textContent()).resolves.toBe(
      'In the call with Carol Interpreter',
    );
  }, 40_000);

  it('a reloaded page comes back as a new participant and the call resumes', async () => {
    const before = (await stats(alice.frame))[0]?.peerId;
    await carol.page().reload();
    await until(
      'Alice is told the old page left',
      () => hostEvents(alice.page),
      (events) => events.some((e) => e.name === 'participantLeft' && e.data.id === before),
    );
    const after = await until(
      'Alice receives the reloaded page',
      () => stats(alice.frame),
      (s) => s.length === 1 && receivesMediaFrom(s, 'Carol Interpreter'),
    );
    expect(after[0]?.peerId).not.toBe(before);
    await until(
      'the reloaded page receives Alice',
      () => stats(carol),
      (s) => receivesMediaFrom(s, 'Dr Alice Doctor'),
    );
  }, 30_000);

  it('a refused JWT gets errorOccurred and no way into the call', async () => {
    const page = await (await browser.newContext()).newPage();
    const forged = `${jwt('Mallory').slice(0, -4)}AAAA`;
    await page.goto(`${hostUrl}/?${new URLSearchParams({ room: ROOM, jwt: forged }).toString()}`);
    await until(
      'errorOccurred',
      () => hostEvents(page),
      (events) => events.some((e) => e.name === 'errorOccurred'),
    );
    expect(jitsi.joins().at(-1)?.verdict).toBe('invalid');
  }, 20_000);
});

describe('jitsi stand-in signalling (HTTP)', () => {
  it('takes only tickets of room pages that passed the JWT check', async () => {
    const room = 'signalling-test';
    const forged = await fetch(`${jitsi.url}/_signal/${room}/events?ticket=abc.def.ghi`);
    expect(forged.status).toBe(403);
    const post = await fetch(`${jitsi.url}/_signal/${room}?ticket=abc.def.ghi`, {
      method: 'POST',
      body: '[]',
    });
    expect(post.status).toBe(403);

    // A genuine ticket from a room page: usable in its room only, and only while its event stream is open.
    const page = await (await fetch(`${jitsi.url}/${room}?jwt=${jwt('Dana', room)}`)).text();
    const ticket = /"ticket":"([^"]+)"/.exec(page)?.[1] ?? '';
    expect(ticket).not.toBe('');
    expect((await fetch(`${jitsi.url}/_signal/other-room/events?ticket=${ticket}`)).status).toBe(
      403,
    );
    const notJoined = await fetch(`${jitsi.url}/_signal/${room}?ticket=${ticket}`, {
      method: 'POST',
      body: '[]',
    });
    expect(notJoined.status).toBe(409);

    const events = `${jitsi.url}/_signal/${room}/events?ticket=${ticket}`;
    const first = await fetch(events);
    expect(first.headers.get('content-type')).toContain('text/event-stream');
    // The same ticket again is EventSource reconnecting: the new stream replaces the old, which ends.
    const stream = new AbortController();
    await fetch(events, { signal: stream.signal });
    expect(await first.text()).toContain('event: welcome');
    const tooBig = await fetch(`${jitsi.url}/_signal/${room}?ticket=${ticket}`, {
      method: 'POST',
      body: JSON.stringify([{ type: 'offer', sdp: 'x'.repeat(200_000) }]),
    });
    expect(tooBig.status).toBe(413);
    stream.abort();

    // With a secret set, a room page without a JWT is served but gets no ticket.
    const anonymous = await (await fetch(`${jitsi.url}/${room}`)).text();
    expect(anonymous).toContain('"ticket":null');
  });
});
