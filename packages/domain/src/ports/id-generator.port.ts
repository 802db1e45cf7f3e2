/** `vnt`: an accepted AI visit note (its conditional-create key in the chart). */
export type IdPrefix = 'vsn' | 'vsp' | 'avs' | 'tvc' | 'evt' | 'cns' | 'vnt';

/** Returns `${prefix}_${ULID}`; the ULID implementation lives outside the domain. */
export interface IdGenerator {
  next(prefix: IdPrefix): string;
}
