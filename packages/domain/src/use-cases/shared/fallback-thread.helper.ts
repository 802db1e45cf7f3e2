import { DomainError, isDomainError } from '../../errors/domain.errors';
import type { Clock } from '../../ports/clock.port';
import type { JoinTokenSignerPort } from '../../ports/join-token-signer.port';
import type { ThreadMessage } from '../../ports/messaging-thread.port';
import type { UnitOfWork } from '../../ports/unit-of-work.port';
import type {
  ParticipantRole,
  VirtualSessionParticipantRecord,
} from '../../records/session-participant.record';
import type { SessionSnapshot } from '../../session/virtual-session.aggregate';
import { verifyJoinToken } from './join-token.helper';
import { sessionOfTenant } from './session-store.helper';

/**
 * Who reads or writes a session's messaging thread: a signed-in clinician of the tenant, or a participant holding
 * their join link (the patient, no sign-in). The thread id always comes from the session, never from the caller.
 */
export type ThreadReader =
  | { kind: 'staff'; tenantId: string; sessionId: string; userId: string }
  | { kind: 'join_token'; token: string };

export interface FallbackThreadDeps {
  uow: UnitOfWork;
  clock: Clock;
  signer: JoinTokenSignerPort;
}

export interface FallbackThread {
  threadId: string;
  snapshot: SessionSnapshot;
  /** The user the reader writes as: the clinician, or the link's participant. */
  userId: string;
  /** The link's participant; null for a clinician reading as staff. */
  participant: VirtualSessionParticipantRecord | null;
}

/** A message as either side shows it: who sent it (their role in the session) and whether it is the reader's own. */
export interface FallbackMessage {
  id: string;
  senderUserId: string;
  /** The sender's role in the session; null for a colleague of the clinic who is not a participant. */
  senderRole: ParticipantRole | null;
  mine: boolean;
  body: string;
  sentAt: string;
}

/** The thread lives on while the visit does: an active session, or one that failed and continues in messages. */
const THREAD_OPEN_STATUSES = ['active', 'failed'] as const;

/**
 * The session's thread for this reader. Another tenant's session is NOT_FOUND; a session without a thread, or closed
 * otherwise (ended, cancelled), is INVALID_STATUS_TRANSITION with its status (a clinician may still read the thread of
 * a visit that ended since; writing needs it open); then a removed participant is PARTICIPANT_REMOVED.
 */
export async function fallbackThreadFor(
  deps: FallbackThreadDeps,
  reader: ThreadReader,
  purpose: 'read' | 'write',
): Promise<FallbackThread> {
  const target =
    reader.kind === 'staff'
      ? { tenantId: reader.tenantId, sessionId: reader.sessionId, participantId: null }
      : await verifyJoinToken(deps, reader.token);
  const snapshot = await deps.uow.read(target.tenantId, async (scope) =>
    sessionOfTenant(
      await scope.sessions.findWithParticipants(target.sessionId),
      scope.tenantId,
      target.sessionId,
    ),
  );
  const { session } = snapshot;
  const threadId = session.messagingThreadId;
  const open = (THREAD_OPEN_STATUSES as readonly string[]).includes(session.status);
  if (threadId === null || (!open && !(reader.kind === 'staff' && purpose === 'read'))) {
    throw new DomainError(
      'INVALID_STATUS_TRANSITION',
      threadId === null
        ? 'The visit has not moved to messages'
        : `The session is ${session.status}`,
      { currentStatus: session.status },
    );
  }
  if (reader.kind === 'staff')
    return { threadId, snapshot, userId: reader.userId, participant: null };
  const participant = snapshot.participants.find((p) => p.id === target.participantId);
  if (!participant) throw new DomainError('NOT_FOUND', 'Participant not found');
  if (participant.status === 'removed')
    throw new DomainError('PARTICIPANT_REMOVED', 'This participant was removed from the session');
  return { threadId, snapshot, userId: participant.userId, participant };
}

/** Each message with its sender's role and whether the reader wrote it. */
export function fallbackMessageOf(thread: FallbackThread, message: ThreadMessage): FallbackMessage {
  const sender = thread.snapshot.participants.find((p) => p.userId === message.senderUserId);
  return {
    id: message.id,
    senderUserId: message.senderUserId,
    senderRole: sender?.role ?? null,
    mine: message.senderUserId === thread.userId,
    body: message.body,
    sentAt: message.sentAt,
  };
}

/** communication-service's own refusals pass through; anything else from it is an outage. */
export async function callCommunicationService<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isDomainError(error)) throw error;
    throw new DomainError(
      'COMMUNICATION_SERVICE_UNAVAILABLE',
      'The messaging service is unavailable',
    );
  }
}
