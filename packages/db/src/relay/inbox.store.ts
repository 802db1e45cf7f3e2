import { run, statement, type Queryable } from '../sql/queryable';

const SEEN = statement('inbox_seen', `SELECT 1 FROM virtual_care_inbox WHERE event_id = $1`);
const RECORD = statement(
  'inbox_record',
  `INSERT INTO virtual_care_inbox (event_id, event_type) VALUES ($1, $2) ON CONFLICT (event_id) DO NOTHING`,
);

/** True when a consumed event (by CloudEvent id) was already processed. */
export async function inboxHasEvent(db: Queryable, eventId: string): Promise<boolean> {
  const { rowCount } = await run(db, SEEN, [eventId]);
  return (rowCount ?? 0) > 0;
}

/** Records a processed event; false when it was already there (another delivery won). */
export async function recordInboxEvent(
  db: Queryable,
  eventId: string,
  eventType: string,
): Promise<boolean> {
  const { rowCount } = await run(db, RECORD, [eventId, eventType]);
  return (rowCount ?? 0) === 1;
}
