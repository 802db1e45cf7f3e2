import { DomainError } from '../errors/domain.errors';
import type { ParticipantRole } from '../records/session-participant.record';

/** What a join token asserts. Times are epoch seconds so the signed form stays compact. */
export interface JoinTokenClaims {
  tenantId: string;
  sessionId: string;
  participantId: string;
  role: ParticipantRole;
  /** Not valid before (epoch seconds). */
  nbf: number;
  /** Expires at (epoch seconds). */
  exp: number;
}

/** The JoinToken value object of the domain model seed. */
export interface JoinToken {
  token: string;
  expiresAt: Date;
  participantId: string;
}

export interface JoinWindow {
  notBefore: Date;
  expiresAt: Date;
}

const MINUTE_MS = 60_000;

/** Valid from `graceBefore` minutes before the scheduled start to `graceAfter` minutes after the scheduled end. */
export function joinWindow(
  schedule: { scheduledStart: Date; scheduledEnd: Date },
  grace: { sessionGraceMinutesBefore: number; sessionGraceMinutesAfter: number },
): JoinWindow {
  return {
    notBefore: new Date(
      schedule.scheduledStart.getTime() - grace.sessionGraceMinutesBefore * MINUTE_MS,
    ),
    expiresAt: new Date(
      schedule.scheduledEnd.getTime() + grace.sessionGraceMinutesAfter * MINUTE_MS,
    ),
  };
}

export function claimsFor(
  ids: { tenantId: string; sessionId: string; participantId: string; role: ParticipantRole },
  window: JoinWindow,
): JoinTokenClaims {
  return {
    ...ids,
    nbf: Math.floor(window.notBefore.getTime() / 1000),
    exp: Math.floor(window.expiresAt.getTime() / 1000),
  };
}

/** Throws TOKEN_NOT_YET_VALID or TOKEN_EXPIRED outside the window. */
export function assertWithinWindow(claims: JoinTokenClaims, now: Date): void {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (nowSeconds < claims.nbf) {
    throw new DomainError('TOKEN_NOT_YET_VALID', 'The join link is not valid yet', {
      notBefore: new Date(claims.nbf * 1000).toISOString(),
    });
  }
  if (nowSeconds >= claims.exp) {
    throw new DomainError('TOKEN_EXPIRED', 'The join link has expired');
  }
}
