/**
 * One transcribed audio chunk of a session (US-011): working material for the clinician's summary, never part
 * of the chart. Kept until `expiresAt` (the tenant's aiTranscriptRetentionHours); the audio is never kept.
 */
export interface TranscriptSegmentRecord {
  tenantId: string;
  sessionId: string;
  /** 1, 2, ... in the order the chunks were transcribed. */
  sequence: number;
  text: string;
  model: string;
  createdAt: Date;
  expiresAt: Date;
}

/** The session's transcript, in the scope's tenant. */
export interface SessionTranscriptRepository {
  /**
   * Stores the segment under the next sequence of its session and answers it with that sequence. Concurrent
   * appends of one session are serialised by the database (the session row's lock), so no number is given twice.
   */
  append(segment: Omit<TranscriptSegmentRecord, 'sequence'>): Promise<TranscriptSegmentRecord>;
  /** The segments not yet expired at `now`, in sequence order. */
  listKept(sessionId: string, now: Date): Promise<TranscriptSegmentRecord[]>;
}
