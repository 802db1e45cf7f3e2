import { DomainError } from '../errors/domain.errors';
import type { ThreadMessagesPort } from '../ports/messaging-thread.port';
import {
  callCommunicationService,
  fallbackMessageOf,
  fallbackThreadFor,
  type FallbackMessage,
  type FallbackThreadDeps,
  type ThreadReader,
} from './shared/fallback-thread.helper';

export interface SendFallbackMessageDeps extends FallbackThreadDeps {
  messaging: ThreadMessagesPort;
}

export interface SendFallbackMessageCommand {
  reader: ThreadReader;
  /** Made by the sender's device (ULID/UUID), kept while offline: a resend is the same message, stored once. */
  id: string;
  body: string;
}

export const FALLBACK_MESSAGE_MAX_CHARS = 2000;
const CLIENT_MESSAGE_ID = /^[A-Za-z0-9_-]{8,64}$/;

/** Sends a message into the session's thread as the reader; the same id again answers the message stored first. */
export async function sendFallbackMessage(
  deps: SendFallbackMessageDeps,
  command: SendFallbackMessageCommand,
): Promise<FallbackMessage> {
  const body = command.body.trim();
  if (body.length === 0 || body.length > FALLBACK_MESSAGE_MAX_CHARS)
    throw new DomainError(
      'VALIDATION_FAILED',
      `A message has 1 to ${FALLBACK_MESSAGE_MAX_CHARS} characters`,
      { maxLength: FALLBACK_MESSAGE_MAX_CHARS },
    );
  if (!CLIENT_MESSAGE_ID.test(command.id))
    throw new DomainError('VALIDATION_FAILED', 'A message id is a ULID or UUID');
  const thread = await fallbackThreadFor(deps, command.reader, 'write');
  const stored = await callCommunicationService(() =>
    deps.messaging.sendMessage(thread.threadId, {
      id: command.id,
      senderUserId: thread.userId,
      body,
    }),
  );
  return fallbackMessageOf(thread, stored);
}
