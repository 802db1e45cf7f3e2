/** communication-service threads for the async messaging fallback. Idempotent by session id. */
export interface MessagingThreadPort {
  openThread(input: {
    tenantId: string;
    sessionId: string;
    participantUserIds: string[];
  }): Promise<string>;
}

/** One message of a thread, as communication-service stores it. */
export interface ThreadMessage {
  id: string;
  threadId: string;
  senderUserId: string;
  body: string;
  sentAt: string;
}

export interface NewThreadMessage {
  /** Client-generated (e.g. a ULID made before going offline): the service stores one message per id. */
  id: string;
  senderUserId: string;
  body: string;
}

/** The messages of a thread: read in send order, and sent once per client id. */
export interface ThreadMessagesPort {
  /** The thread's messages in send order; with `after`, only those after that message id. */
  listMessages(threadId: string, options?: { after?: string }): Promise<ThreadMessage[]>;
  /** Sends once: the same id again answers the stored message. */
  sendMessage(threadId: string, message: NewThreadMessage): Promise<ThreadMessage>;
}
