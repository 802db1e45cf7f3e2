import { randomInt } from 'node:crypto';
import type { Clock, IdGenerator, JoinLinkPort, RandomPort } from '@virtual-care/domain';
import { ulid } from 'ulid';

export const systemClock: Clock = { now: () => new Date() };

/** `${prefix}_${ULID}`, the spec's ids (vsn_, vsp_, ...). */
export const ulidIds: IdGenerator = { next: (prefix) => `${prefix}_${ulid()}` };

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Unguessable room-slug characters from the CSPRNG. */
export const cryptoRandom: RandomPort = {
  alphanumeric(length) {
    let out = '';
    for (let i = 0; i < length; i += 1) out += ALPHABET[randomInt(ALPHABET.length)];
    return out;
  },
};

/** The web app's patient pages: the join link carries the token once; the waiting room reads the cookie it was swapped for. */
export interface JoinLinks extends JoinLinkPort {
  joinUrl(token: string): string;
}

export function joinLinks(publicBaseUrl: string): JoinLinks {
  return {
    joinUrl: (token) => `${publicBaseUrl}/join?token=${encodeURIComponent(token)}`,
    waitingRoomUrl: ({ sessionId }) =>
      `${publicBaseUrl}/join/waiting?session=${encodeURIComponent(sessionId)}`,
  };
}
