-- Encounters never block each other: when the FHIR server refuses a session's
-- Encounter for good (HTTP 4xx other than 408/429), the refusal is kept on the
-- session for the clinician to see, and the worker's retry job leaves the session
-- alone instead of retrying it ahead of every session behind it.

-- When it was refused, and what the server said: {"httpStatus": 422,
-- "outcome": <the FHIR OperationOutcome>}. Both set or both NULL. The table's RLS
-- policies (tenant isolation, a patient's own sessions) cover the new columns.
ALTER TABLE virtual_sessions
    ADD COLUMN encounter_rejected_at TIMESTAMPTZ,
    ADD COLUMN encounter_rejection JSONB,
    ADD CONSTRAINT ck_virtual_sessions_encounter_rejection
        CHECK ((encounter_rejected_at IS NULL) = (encounter_rejection IS NULL));

-- The retry job's scan: ended sessions still awaiting their Encounter.
CREATE INDEX ix_virtual_sessions_awaiting_encounter
    ON virtual_sessions (tenant_id, scheduled_start)
    WHERE status = 'ended' AND encounter_id IS NULL AND encounter_rejected_at IS NULL;
