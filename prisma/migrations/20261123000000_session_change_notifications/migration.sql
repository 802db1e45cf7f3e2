-- Tell every instance when a change to a session commits, so an in-process cache of
-- recently read sessions (the join-link endpoint) can drop the entry at once
-- (LISTEN virtual_care_session_changes; packages/db/src/notifications).
--
-- The payload is '<tenant_id>:<session_id>'. PostgreSQL delivers notifications only on
-- commit (a rollback sends none) and folds identical ones within a transaction, so a
-- save that touches the session and its participants sends one. Neither pg_notify nor
-- LISTEN needs a grant: every application role can fire and receive them. Like the
-- outbox channel, it is not subject to row-level security, so a payload carries ids
-- only, never anything about the patient.

-- SECURITY INVOKER (the default), yet it runs for whichever role writes the row, a
-- superuser's fix-up included: a fixed search_path keeps look-ups (the || and =
-- operators) from resolving to objects someone put in a schema earlier in the
-- caller's path.
CREATE FUNCTION virtual_care_session_changed() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    old_key text; -- NULL on INSERT
    new_key text; -- NULL on DELETE
BEGIN
    -- A statement per table: inside one expression (a CASE), the column the other
    -- table lacks would fail even in the branch not taken.
    IF TG_TABLE_NAME = 'virtual_sessions' THEN
        IF TG_OP <> 'INSERT' THEN old_key := OLD.tenant_id::text || ':' || OLD.id; END IF;
        IF TG_OP <> 'DELETE' THEN new_key := NEW.tenant_id::text || ':' || NEW.id; END IF;
    ELSE
        IF TG_OP <> 'INSERT' THEN old_key := OLD.tenant_id::text || ':' || OLD.session_id; END IF;
        IF TG_OP <> 'DELETE' THEN new_key := NEW.tenant_id::text || ':' || NEW.session_id; END IF;
    END IF;
    IF old_key IS NOT NULL THEN
        PERFORM pg_catalog.pg_notify('virtual_care_session_changes', old_key);
    END IF;
        -- On UPDATE the key differs only when ids cascade (ON UPDATE CASCADE from tenants
    -- or sessions): then the entries under both keys are stale.
    IF new_key IS NOT NULL AND new_key IS DISTINCT FROM old_key THEN
        PERFORM pg_catalog.pg_notify('virtual_care_session_changes', new_key);
    END IF;
    RETURN NULL; -- AFTER trigger: the result is ignored
END
$$;

-- No INSERT on either table: nobody can have cached a session that did not exist yet,
-- so creating one (the busiest write) sends nothing. Every command of the product that
-- adds a participant to an existing session also bumps the session's version, which
-- notifies; a participant added any other way is simply missing from a remembered
-- session, and the cache's user reads afresh for a participant it does not find.
CREATE TRIGGER virtual_sessions_notify_change
    AFTER UPDATE OR DELETE ON virtual_sessions
    FOR EACH ROW EXECUTE FUNCTION virtual_care_session_changed();

CREATE TRIGGER virtual_session_participants_notify_delete
    AFTER DELETE ON virtual_session_participants
    FOR EACH ROW EXECUTE FUNCTION virtual_care_session_changed();

-- Waiting patients heartbeat every few seconds, and a heartbeat only moves
-- last_seen_at: notifying for it would make every instance drop its cache entry
-- constantly, and every notifying commit takes PostgreSQL's cluster-wide notify
-- queue lock. Comparing whole rows without that column (rather than listing the
-- others) keeps a column added later covered. The upsert of an unchanged participant
-- (ON CONFLICT DO UPDATE) is also skipped here.
CREATE TRIGGER virtual_session_participants_notify_update
    AFTER UPDATE ON virtual_session_participants
    FOR EACH ROW
    WHEN ((to_jsonb(OLD) - 'last_seen_at') IS DISTINCT FROM (to_jsonb(NEW) - 'last_seen_at'))
    EXECUTE FUNCTION virtual_care_session_changed();
