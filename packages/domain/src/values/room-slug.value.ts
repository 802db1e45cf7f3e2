import { DomainError } from '../errors/domain.errors';

export const DEFAULT_ROOM_SLUG_PREFIX = 'vc';
const RANDOM_PART = /^[a-z0-9]{8}$/;
export const ROOM_SLUG_PREFIX_PATTERN = /^[a-z0-9][a-z0-9-]{0,31}$/;

/** `{roomSlugPrefix}-{8 random chars}`; the random part comes from a RandomPort so the domain stays pure. */
export function roomSlug(prefix: string | null, randomChars: string): string {
  if (!RANDOM_PART.test(randomChars)) {
    throw new DomainError(
      'VALIDATION_FAILED',
      'Room slug random part must be 8 characters [a-z0-9]',
      { field: 'roomName' },
    );
  }
  return `${prefix ?? DEFAULT_ROOM_SLUG_PREFIX}-${randomChars}`;
}
