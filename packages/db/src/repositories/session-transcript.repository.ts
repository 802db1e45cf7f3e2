import type { SessionTranscriptRepository, TranscriptSegmentRecord } from '@virtual-care/domain';
import { run, statement, type Queryable } from '../sql/queryable';

// Appends of one session queue here until their transaction ends, so each reads the sequence the one
// before it wrote (READ COMMITTED: the INSERT's snapshot is taken after the lock is granted).
const LOCK_SESSION_TRANSCRIPT = statement(
  'transcript_lock',
  `SELECT pg_advisory_xact_lock(hashtextextended('session_transcript:' || $1, 0))`,
);

const APPEND = statement(
  'transcript_append',
  `INSERT INTO session_transcript_segments
     (tenant_id, session_id, sequence, text, model, created_at, expires_at)
   SELECT $1, $2, coalesce(max(sequence), 0) + 1, $3, $4, $5, $6
     FROM session_transcript_segments WHERE session_id = $2
   RETURNING sequence`,
);

const LIST_KEPT = statement(
  'transcript_list_kept',
  `SELECT tenant_id, session_id, sequence, text, model, created_at, expires_at
     FROM session_transcript_segments
    WHERE tenant_id = $1 AND session_id = $2 AND expires_at > $3
    ORDER BY sequence`,
);

interface SegmentRow {
  tenant_id: string;
  session_id: string;
  sequence: number;
  text: string;
  model: string;
  created_at: Date;
  expires_at: Date;
}

/** A session's transcript segments (decision 0029); the worker deletes expired ones (WorkerScanStore). */
export class PgSessionTranscriptRepository implements SessionTranscriptRepository {
  constructor(
    private readonly db: Queryable,
    private readonly tenantId: string,
  ) {}

  async append(
    segment: Omit<TranscriptSegmentRecord, 'sequence'>,
  ): Promise<TranscriptSegmentRecord> {
    await run(this.db, LOCK_SESSION_TRANSCRIPT, [segment.sessionId]);
    const { rows } = await run<{ sequence: number }>(this.db, APPEND, [
      this.tenantId,
      segment.sessionId,
      segment.text,
      segment.model,
      segment.createdAt,
      segment.expiresAt,
    ]);
    const sequence = rows[0]?.sequence;
    if (sequence === undefined) throw new Error('transcript append returned no row');
    return { ...segment, tenantId: this.tenantId, sequence };
  }

  async listKept(sessionId: string, now: Date): Promise<TranscriptSegmentRecord[]> {
    const { rows } = await run<SegmentRow>(this.db, LIST_KEPT, [this.tenantId, sessionId, now]);
    return rows.map((r) => ({
      tenantId: r.tenant_id,
      sessionId: r.session_id,
      sequence: r.sequence,
      text: r.text,
      model: r.model,
      createdAt: r.created_at,
      expiresAt: r.expires_at,
    }));
  }
}
