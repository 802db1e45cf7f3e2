import type { ThreadMessagesPort } from '../ports/messaging-thread.port';
import {
  callCommunicationService,
  fallbackMessageOf,
  fallbackThreadFor,
  type FallbackMessage,
  type FallbackThreadDeps,
  type ThreadReader,
} from './shared/fallback-thread.helper';

export interface ListFallbackMessagesDeps extends FallbackThreadDeps {
  messaging: ThreadMessagesPort;
}

export interface ListFallbackMessagesQuery {
  reader: ThreadReader;
  /** Only the messages after this one (the last the reader has): the poll asks for what is new. */
  after?: string;
}

/** The session's messaging thread in send order, for a clinician of the tenant or a participant's join link. */
export async function listFallbackMessages(
  deps: ListFallbackMessagesDeps,
  query: ListFallbackMessagesQuery,
): Promise<{ messages: FallbackMessage[] }> {
  const thread = await fallbackThreadFor(deps, query.reader, 'read');
  const messages = await callCommunicationService(() =>
    deps.messaging.listMessages(
      thread.threadId,
      query.after === undefined ? {} : { after: query.after },
    ),
  );
  return { messages: messages.map((message) => fallbackMessageOf(thread, message)) };
}
