import { IN_ROOM_STATUSES, OPEN_SESSION_STATUSES } from '@virtual-care/domain';

/** A list of the domain's words as SQL literals, for `IN (...)`: the statuses are defined once, in the domain. */
const literals = (words: readonly string[]): string =>
  words.map((word) => `'${word.replace(/'/g, "''")}'`).join(', ');

/** `'scheduled', 'waiting', 'active'` */
export const OPEN_SESSION_STATUS_LIST = literals(OPEN_SESSION_STATUSES);
/** `'admitted', 'active'` */
export const IN_ROOM_STATUS_LIST = literals(IN_ROOM_STATUSES);
