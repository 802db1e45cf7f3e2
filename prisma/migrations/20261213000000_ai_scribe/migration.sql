-- The AI scribe (US-011, US-012; issue 18, decision 0029).

-- The tenant's policy for it: whether transcription needs the patient's ai_processing
-- consent (on unless the tenant's own rules say otherwise), and how long a session's
-- transcript is kept before it is deleted (hours; the draft summary is never stored).
ALTER TABLE tenant_virtual_care_config
    ADD COLUMN ai_consent_required BOOLEAN NOT NULL DEFAULT true,
    ADD COLUMN ai_transcript_retention_hours INTEGER NOT NULL DEFAULT 24,
    ADD CONSTRAINT ck_tenant_virtual_care_config_ai_transcript_retention
        CHECK (ai_transcript_retention_hours BETWEEN 1 AND 720);

-- A session's transcript, one row per transcribed audio chunk, in the order received.
-- Never part of the chart; the audio itself is never stored. A row is gone once
-- expires_at passes: reads skip it at once, the worker's sweep deletes it.
CREATE TABLE session_transcript_segments (
    tenant_id  UUID        NOT NULL,
    session_id TEXT        NOT NULL,
    sequence   INTEGER     NOT NULL,
    text       TEXT        NOT NULL,
    model      TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT session_transcript_segments_pkey PRIMARY KEY (session_id, sequence),
    CONSTRAINT ck_session_transcript_segments_sequence CHECK (sequence >= 1),
    CONSTRAINT ck_session_transcript_segments_expiry CHECK (expires_at > created_at),
    CONSTRAINT session_transcript_segments_session_id_fkey FOREIGN KEY (session_id)
        REFERENCES virtual_sessions (id) ON DELETE CASCADE ON UPDATE CASCADE
);
-- The worker's sweep finds expired rows across tenants by this.
CREATE INDEX session_transcript_segments_expires_at_idx
    ON session_transcript_segments (expires_at);

-- Grants as for every tenant table (20260418000100_tenant_isolation).
GRANT SELECT, INSERT, UPDATE, DELETE ON session_transcript_segments TO virtual_care_app;

-- Row-level security: the tenant policy and the worker's cross-tenant sweep. Patients
-- read no transcript (no patient-own policy: with app.patient_id set nothing is visible).
ALTER TABLE session_transcript_segments ENABLE ROW LEVEL SECURITY;
ALTER TABLE session_transcript_segments FORCE ROW LEVEL SECURITY;
CREATE POLICY session_transcript_segments_tenant_isolation
    ON session_transcript_segments
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
CREATE POLICY session_transcript_segments_worker_all_tenants
    ON session_transcript_segments TO virtual_care_worker
    USING (true) WITH CHECK (true);
CREATE POLICY session_transcript_segments_clinic_staff_only
    ON session_transcript_segments AS RESTRICTIVE
    USING (coalesce(current_setting('app.patient_id', true), '') = '');
