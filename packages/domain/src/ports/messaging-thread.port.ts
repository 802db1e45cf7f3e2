/** communication-service threads for the async messaging fallback. Idempotent by session id. */
export interface MessagingThreadPort {
  openThread(input: {
    tenantId: string;
    sessionId: string;
    participantUserIds: string[];
  }): Promise<string>;
}
