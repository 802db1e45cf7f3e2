import type pg from 'pg';
import { run, statement } from '../sql/queryable';

const SEEN = statement('inbox_seen', `SELECT 1 FROM virtual_care_inbox WHERE event_id = $1`);
const RECORD = statement(
  'inbox_record',
  `INSERT INTO virtual_care_inbox (event_id, event_type) VALUES ($1, $2) ON CONFLICT (event_id) DO NOTHING`,
);

/** The consumed events already processed, by CloudEvent id (the worker role's table, not tenant-scoped). */
export class InboxStore {
  constructor(private readonly pool: pg.Pool) {}

  /** True when a consumed event was already processed. */
  async has(eventId: string): Promise<boolean> {
    const { rowCount } = await run(this.pool, SEEN, [eventId]);
    return (rowCount ?? 0) > 0;
  }

  /** Records a processed event; false when it was already there (another delivery won). */
  async record(eventId: string, eventType: string): Promise<boolean> {
    const { rowCount } = await run(this.pool, RECORD, [eventId, eventType]);
    return (rowCount ?? 0) === 1;
  }
}
