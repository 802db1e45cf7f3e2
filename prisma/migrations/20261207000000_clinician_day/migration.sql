-- The video visit as a clinic lives it: the waiting card's facts, running late,
-- no-shows, and the patient's own view of their sessions.

-- When a participant first entered the waiting room (the time waited; a reconnect
-- keeps it) and what their device check found ({camera, microphone, connection}).
ALTER TABLE virtual_session_participants
    ADD COLUMN waiting_since TIMESTAMPTZ,
    ADD COLUMN device_check JSONB;

-- Why a session was cancelled (`no_show` when the patient never came), and how late
-- the clinician said they are running (whole minutes; NULL: on time).
ALTER TABLE virtual_sessions
    ADD COLUMN cancellation_reason TEXT,
    ADD COLUMN running_late_minutes INTEGER
        CHECK (running_late_minutes BETWEEN 1 AND 240);

-- The waiting room read: waiting participants of a tenant's open sessions.
CREATE INDEX ix_virtual_session_participants_waiting
    ON virtual_session_participants (tenant_id, session_id)
    WHERE status = 'waiting';

-- ---------------------------------------------------------------------------
-- A patient's own reads (the portal, GET /sessions as a patient) set
-- app.patient_id for their transaction, beside app.tenant_id. These policies are
-- RESTRICTIVE: they narrow the tenant policy (permissive policies only widen) to that
-- patient's sessions and their participants. Staff reads never set app.patient_id
-- (NULL, or '' once a transaction that set it has ended), so they are unaffected.
-- ---------------------------------------------------------------------------

CREATE POLICY virtual_sessions_patient_own
    ON virtual_sessions AS RESTRICTIVE
    USING (
        coalesce(current_setting('app.patient_id', true), '') = ''
        OR patient_id = nullif(current_setting('app.patient_id', true), '')::uuid
    );

-- The session sub-select is itself under both policies of virtual_sessions.
CREATE POLICY virtual_session_participants_patient_own
    ON virtual_session_participants AS RESTRICTIVE
    USING (
        coalesce(current_setting('app.patient_id', true), '') = ''
        OR EXISTS (
            SELECT 1 FROM virtual_sessions s
            WHERE s.id = virtual_session_participants.session_id
        )
    );
