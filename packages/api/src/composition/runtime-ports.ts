import { randomFillSync, randomInt } from 'node:crypto';
import type { Clock, IdGenerator, JoinLinkPort, RandomPort } from '@virtual-care/domain';
import { ulid } from 'ulid';

export const systemClock: Clock = { now: () => new Date() };

/**
 * ulid's own generator asks the CSPRNG for one byte per character (16 syscalls per id, ~5% of a session
 * creation's CPU); this one hands out bytes from a 4 KiB CSPRNG buffer. 256 is a multiple of ulid's 32-letter
 * alphabet, so byte / 256 keeps every character uniform.
 */
function pooledCryptoPrng(): () => number {
  const pool = new Uint8Array(4096);
  let next = pool.length;
  return () => {
    if (next === pool.length) {
      randomFillSync(pool);
      next = 0;
    }
    return pool[next++]! / 256;
  };
}

const prng = pooledCryptoPrng();

/** A ULID (time-ordered, 80 random bits from the CSPRNG). */
export const newUlid = (): string => ulid(undefined, prng);

/** `${prefix}_${ULID}`, the spec's ids (vsn_, vsp_, ...). */
export const ulidIds: IdGenerator = { next: (prefix) => `${prefix}_${newUlid()}` };

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
