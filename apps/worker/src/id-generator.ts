import { randomBytes } from 'node:crypto';
import type { IdGenerator, IdPrefix } from '@virtual-care/domain';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `<prefix>_<ULID>`: 48-bit millisecond time, 80 random bits, Crockford base32. */
export function ulid(now = Date.now(), random: Uint8Array = randomBytes(10)): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD.charAt(t % 32) + time;
    t = Math.floor(t / 32);
  }
  let bits = 0;
  let value = 0;
  let rest = '';
  for (const byte of random) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      rest += CROCKFORD.charAt((value >> bits) & 31);
    }
    value &= (1 << bits) - 1;
  }
  return time + rest.slice(0, 16);
}

export const ulidIds: IdGenerator = { next: (prefix: IdPrefix) => `${prefix}_${ulid()}` };
