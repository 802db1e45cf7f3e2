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
 *          kicked {id, by}                                                 a moderator removed peer `id`
 *   POST /_signal/{room}?ticket=T   body: a JSON array of messages `{to?, type, ...}`; each goes to peer `to`,
 *          or to every other peer of the room without `to`. The sender must hold an open event stream.
 *          `{type: 'kick', to}` is the server's own (prosody's kick): only a moderator's ticket may send it, the
 *          whole room hears `kicked`, and the kicked peer's stream ends for good (its ticket is refused after).
 *
 * A ticket is issued with each room page that passed the JWT check, so only those pages can signal; it is
 * an HMAC (key per server start) over the room, a fresh peer id, the display name, the moderator flag and the
 * expiry taken from the JWT. Like prosody, which checks a token when a client connects, a stream is refused once
 * the token has expired, a reconnect included; one already open stays.
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
  moderator: boolean;
  res: ServerResponse;
}

/** What a room page's JWT says about its holder, carried in the ticket. */
export interface TicketGrant {
  /** The JWT's name (null: the page supplies its own). */
  displayName: string | null;
  moderator: boolean;
  /** The JWT's `exp` in seconds since the epoch; null: none (no JWT, in a stand-in without a secret). */
  expiresAt: number | null;
}

export interface Signalling {
  /** A ticket for one room page, with what its JWT granted. */
  issueTicket(room: string, grant: TicketGrant): string;
  /** Answers `/_signal/...` requests; returns false for any other path. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>;
  close(): void;
}

export function createSignalling(): Signalling {
  const key = randomBytes(32);
  const rooms = new Map<string, Map<string, Peer>>();
  /** `room\npeerId` of kicked peers: their tickets open no stream again. */
  const kicked = new Set<string>();
  const keepalive = setInterval(() => {
    for (const peers of rooms.values())
      for (const peer of peers.values()) write(peer, ': keepalive\n\n');
  }, KEEPALIVE_MS);
  keepalive.unref();

  const mac = (room: string, fields: string): string =>
    createHmac('sha256', key).update(`${room}\n${fields}`).digest('base64url');

  function checkTicket(room: string, ticket: string | null) {
    const parts = (ticket ?? '').split('.');
    const [peerId, encodedName, role, exp, signature] = parts;
    if (parts.length !== 5 || !peerId || !signature) return undefined;
    const expected = Buffer.from(mac(room, parts.slice(0, 4).join('.')));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    const name = encodedName ? Buffer.from(encodedName, 'base64url').toString('utf8') : null;
    return { peerId, name, moderator: role === 'm', expiresAt: exp ? Number(exp) : null };
  }

  function send(peer: Peer, event: string, data: unknown): void {
    write(peer, `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  function openStream(room: string, res: ServerResponse, url: URL): void {
    const checked = checkTicket(room, url.searchParams.get('ticket'));
    if (!checked) return sendJson(res, 403, { error: 'bad_ticket' });
    if (checked.expiresAt !== null && Date.now() >= checked.expiresAt * 1000)
      return sendJson(res, 403, { error: 'token_expired' });
    if (kicked.has(`${room}\n${checked.peerId}`)) return sendJson(res, 403, { error: 'kicked' });
    const peers = rooms.get(room) ?? new Map<string, Peer>();
    const existing = peers.get(checked.peerId);
    if (!existing && peers.size >= MAX_PEERS_PER_ROOM)
      return sendJson(res, 429, { error: 'room_full' });
    const displayName = checked.name ?? (url.searchParams.get('name') ?? '').trim().slice(0, 64);
    const peer: Peer = {
      id: checked.peerId,
      displayName: displayName || 'Participant',
      moderator: checked.moderator,
      res,
    };
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
      if (peers.get(peer.id) !== peer) return; // replaced by a reconnect, or kicked
      leave(room, peers, peer);
    });
  }

  function leave(room: string, peers: Map<string, Peer>, peer: Peer): void {
    peers.delete(peer.id);
    if (peers.size === 0) rooms.delete(room);
    for (const other of peers.values()) send(other, 'leave', { id: peer.id });
  }

  /** A moderator's kick: everyone, the kicked one included, hears it; then the kicked one's stream ends. */
  function kick(room: string, peers: Map<string, Peer>, targetId: string, by: Peer): void {
    const target = peers.get(targetId);
    if (!target || target === by) return;
    kicked.add(`${room}\n${target.id}`);
    for (const peer of peers.values()) send(peer, 'kicked', { id: target.id, by: by.id });
    leave(room, peers, target);
    target.res.end();
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
    if (!sender.moderator && messages.some((message) => message.type === 'kick'))
      return sendJson(res, 403, { error: 'not_moderator' });
    for (const message of messages) {
      if (message.type === 'kick') {
        if (message.to !== undefined) kick(room, peers, message.to, sender);
        continue;
      }
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
    issueTicket(room, grant) {
      const peerId = randomBytes(6).toString('hex');
      const encodedName = grant.displayName
        ? Buffer.from(grant.displayName, 'utf8').toString('base64url')
        : '';
      const fields = [
        peerId,
        encodedName,
        grant.moderator ? 'm' : 'p',
        grant.expiresAt === null ? '' : String(grant.expiresAt),
      ].join('.');
      return `${fields}.${mac(room, fields)}`;
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
