import {
  listFallbackMessages,
  sendFallbackMessage,
  type FallbackMessage,
} from '@virtual-care/domain';
import type { ApiServices } from '../../composition/services';

/** A message of the visit's thread as the patient's page shows it: the sender's role, never their user id. */
export type JoinThreadMessage = Omit<FallbackMessage, 'senderUserId'>;

/**
 * The visit's messaging thread for the holder of a join link (no sign-in): readable and writable while the session
 * is active or failed with a thread, never by a removed participant. `after`: only the newer messages.
 */
export async function joinMessages(
  services: ApiServices,
  token: string,
  after?: string,
): Promise<{ messages: JoinThreadMessage[] }> {
  const { messages } = await listFallbackMessages(services.deps, {
    reader: { kind: 'join_token', token },
    ...(after !== undefined ? { after } : {}),
  });
  return { messages: messages.map(forPatient) };
}

/** Sends as the link's participant; the same client id again answers the message stored first. */
export async function joinSendMessage(
  services: ApiServices,
  token: string,
  message: { id: string; body: string },
): Promise<JoinThreadMessage> {
  return forPatient(
    await sendFallbackMessage(services.deps, { reader: { kind: 'join_token', token }, ...message }),
  );
}

function forPatient({ senderUserId: _, ...message }: FallbackMessage): JoinThreadMessage {
  return message;
}
