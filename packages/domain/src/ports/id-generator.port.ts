export type IdPrefix = 'vsn' | 'vsp' | 'avs' | 'tvc' | 'evt' | 'cns';

/** Returns `${prefix}_${ULID}`; the ULID implementation lives outside the domain. */
export interface IdGenerator {
  next(prefix: IdPrefix): string;
}
