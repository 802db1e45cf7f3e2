import { DomainError } from '../errors/domain.errors';

/** An explicit state machine: each state lists the states it may move to. Terminal states list none. */
export type TransitionTable<S extends string> = { readonly [K in S]: readonly S[] };

export function canTransition<S extends string>(
  table: TransitionTable<S>,
  from: S,
  to: S,
): boolean {
  return table[from].includes(to);
}

/** Throws INVALID_STATUS_TRANSITION carrying the current status, as the error table asks. */
export function assertTransition<S extends string>(
  table: TransitionTable<S>,
  from: S,
  to: S,
  subject: string,
): void {
  if (!canTransition(table, from, to)) {
    throw new DomainError(
      'INVALID_STATUS_TRANSITION',
      `Cannot move ${subject} from ${from} to ${to}`,
      {
        currentStatus: from,
        requestedStatus: to,
      },
    );
  }
}

export function isTerminal<S extends string>(table: TransitionTable<S>, state: S): boolean {
  return table[state].length === 0;
}
