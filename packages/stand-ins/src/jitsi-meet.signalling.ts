import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendJson } from './http-server';

/**
 * The Jitsi stand-in's signalling channel: it relays WebRTC offers, answers and ICE candidates between the
 * room pages of one room, so their browsers connect to each other directly (a full mesh, no media server).
 *
 *   GET  /_signal/{room}/events?ticket=T[&name=N]  Server-Sent Events to this peer:
 *          welcome {self: {id, displayName}, peers: [{id, displayName}]}   on every (re)connect
 *          join {id, displayName} / leave {id}                            others arriving and going
 *          signal {from, ...message}                                      a message another peer sent here
 *   POST /_signal/{room}?ticket=T   body: a JSON array of messages `{to?, type, ...}`; each goes to peer `to`,
 *          or to every other peer of the room without `to`. The sender must hold an open event stream.
 *
 * A ticket is issued with each room page that passed the JWT check, so only those pages can signal; it is
 * an HMAC (key per server start) over the room, a fresh peer id and the display name taken from the JWT.
 * A peer is in the room while its event stream is open: closing it (hangup, tab closed, reload) sends
 * `leave` to the others. A reloaded page gets a new ticket, so it comes back as a new peer.
 */

/** A mesh costs every browser one connection per other participant: a few people, not a conference. */
const MAX_PEERS_PER_ROOM = 8;
/** An SDP offer is a few KB; a batch of candidates less. */
const MAX_POST_BYTES = 128 * 1024;
const MAX_MESSAGES_PER_POST = 32;
/** Comments keep proxies and the browser from treating a quiet stream as dead. */
const KEEPALIVE_MS = 15_000;

interface Peer {
  id: string;
  displayName: string;
  res: ServerResponse;
}

export interface Signalling {
  /** A ticket for one room page; `displayName` is the JWT's name (null: the page supplies its own). */
  issueTicket(room: string, displayName: string | null): string;
  /** Answers `/_signal/...` requests; returns false for any other path. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>;
  close(): void;
}

export function createSignalling(): Signalling {
  const key = randomBytes(32);
  const rooms = new Map<string, Map<string, Peer>>();
  const keepalive = setInterval(() => {
    for (const peers of rooms.values())
      for (const peer of peers.values()) write(peer, ': keepalive\n\n');
  }, KEEPALIVE_MS);
  keepalive.unref();

  const mac = (room: string, peerId: string, encodedName: string): string =>
    createHmac('sha256', key).update(`${room}\n${peerId}\n${encodedName}`).digest('base64url');

  function checkTicket(room: string, ticket: string | null) {
    const [peerId, encodedName, signature] = (ticket ?? '').split('.');
    if (!peerId || encodedName === undefined || !signature) return undefined;
    const expected = Buffer.from(mac(room, peerId, encodedName));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    const name = encodedName ? Buffer.from(encodedName, 'base64url').toString('utf8') : null;
    return { peerId, name };
  }

  function send(peer: Peer, event: string, data: unknown): void {
    write(peer, `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  function openStream(room: string, res: ServerResponse, url: URL): void {
    const checked = checkTicket(room, url.searchParams.get('ticket'));
    if (!checked) return sendJson(res, 403, { error: 'bad_ticket' });
    const peers = rooms.get(room) ?? new Map<string, Peer>();
    const existing = peers.get(checked.peerId);
    if (!existing && peers.size >= MAX_PEERS_PER_ROOM)
      return sendJson(res, 429, { error: 'room_full' });
    const displayName = checked.name ?? (url.searchParams.get('name') ?? '').trim().slice(0, 64);
    const peer: Peer = { id: checked.peerId, displayName: displayName || 'Participant', res };
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no', // a buffering reverse proxy would hold the events back
    });
    res.write('retry: 2000\n\n');
    rooms.set(room, peers);
    peers.set(peer.id, peer);
    // The same ticket again is EventSource reconnecting after a drop: the new stream replaces the old one,
    // and the others already know this peer.
    if (existing) existing.res.end();
    else
      for (const other of peers.values()) if (other !== peer) send(other, 'join', describe(peer));
    send(peer, 'welcome', {
      self: describe(peer),
      peers: [...peers.values()].filter((other) => other !== peer).map(describe),
    });
    res.on('close', () => {
      if (peers.get(peer.id) !== peer) return; // replaced by a reconnect
      peers.delete(peer.id);
      if (peers.size === 0) rooms.delete(room);
      for (const other of peers.values()) send(other, 'leave', { id: peer.id });
    });
  }

  async function relay(room: string, req: IncomingMessage, res: ServerResponse, url: URL) {
    const checked = checkTicket(room, url.searchParams.get('ticket'));
    if (!checked) return sendJson(res, 403, { error: 'bad_ticket' });
    const peers = rooms.get(room);
    const sender = peers?.get(checked.peerId);
    if (!peers || !sender) return sendJson(res, 409, { error: 'not_joined' });
    let body: string;
    try {
      body = await readBody(req, MAX_POST_BYTES);
    } catch {
      return sendJson(res, 413, { error: 'body_too_large' });
    }
    let messages: unknown;
    try {
      messages = JSON.parse(body);
    } catch {
      return sendJson(res, 400, { error: 'bad_json' });
    }
    if (
      !Array.isArray(messages) ||
      messages.length > MAX_MESSAGES_PER_POST ||
      !messages.every(isMessage)
    )
      return sendJson(res, 400, { error: 'bad_messages' });
    for (const message of messages) {
      const data = { ...message, from: sender.id };
      if (message.to === undefined) {
        for (const other of peers.values()) if (other !== sender) send(other, 'signal', data);
      } else {
        // A recipient that has just left is no error: the sender learns it from its `leave` event.
        const recipient = peers.get(message.to);
        if (recipient) send(recipient, 'signal', data);
      }
    }
    res.writeHead(204).end();
  }

  return {
    issueTicket(room, displayName) {
      const peerId = randomBytes(6).toString('hex');
      const encodedName = displayName ? Buffer.from(displayName, 'utf8').toString('base64url') : '';
      return `${peerId}.${encodedName}.${mac(room, peerId, encodedName)}`;
    },
    async handle(req, res, url) {
      const match = /^\/_signal\/([A-Za-z0-9][A-Za-z0-9._-]{0,127})(\/events)?$/.exec(url.pathname);
      if (!match?.[1]) return false;
      const room = match[1];
      if (match[2] && req.method === 'GET') openStream(room, res, url);
      else if (!match[2] && req.method === 'POST') await relay(room, req, res, url);
      else sendJson(res, 405, { error: 'method_not_allowed' });
      return true;
    },
    close() {
      clearInterval(keepalive);
    },
  };
}

function write(peer: Peer, text: string): void {
  if (peer.res.writableEnded || peer.res.destroyed) return; // its 'close' is on the way
  peer.res.write(text);
}

function describe(peer: Peer) {
  return { id: peer.id, displayName: peer.displayName };
}

function isMessage(value: unknown): value is { to?: string; type: string } {
  if (typeof value !== 'object' || value === null) return false;
  const { to, type } = value as { to?: unknown; type?: unknown };
  return typeof type === 'string' && (to === undefined || typeof to === 'string');
}
