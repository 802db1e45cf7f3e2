-- Bandwidth fallback (US-008): the profile a visit runs on now, and every change of
-- it with its time, so a clinic can tell how long each part of a visit lasted.

-- What the visit runs on now: video until it degrades (the spec's BandwidthProfile).
ALTER TABLE virtual_sessions
    ADD COLUMN bandwidth_profile TEXT NOT NULL DEFAULT 'video',
    ADD CONSTRAINT ck_virtual_sessions_bandwidth_profile
        CHECK (bandwidth_profile IN ('video', 'audio_only', 'async_text'));

-- communication-service names its threads itself (e.g. thr_<uuid>): the id is its
-- text, not necessarily a UUID.
ALTER TABLE virtual_sessions
    ALTER COLUMN messaging_thread_id TYPE TEXT USING messaging_thread_id::text;

-- Every change of a session's profile, oldest first: `seq` is its place in the
-- session's history (1, 2, ...), so writing the history again inserts nothing twice.
CREATE TABLE virtual_session_bandwidth_changes (
    tenant_id    UUID        NOT NULL,
    session_id   TEXT        NOT NULL,
    seq          INTEGER     NOT NULL,
    from_profile TEXT        NOT NULL,
    to_profile   TEXT        NOT NULL,
    changed_at   TIMESTAMPTZ NOT NULL,
    actor_id     TEXT        NOT NULL, -- a user id, or `system`
    CONSTRAINT virtual_session_bandwidth_changes_pkey PRIMARY KEY (session_id, seq),
    CONSTRAINT ck_virtual_session_bandwidth_changes_seq CHECK (seq >= 1),
    CONSTRAINT ck_virtual_session_bandwidth_changes_profiles CHECK (
        from_profile IN ('video', 'audio_only', 'async_text')
        AND to_profile IN ('video', 'audio_only', 'async_text')
        AND from_profile <> to_profile
    ),
    CONSTRAINT virtual_session_bandwidth_changes_session_id_fkey FOREIGN KEY (session_id)
        REFERENCES virtual_sessions (id) ON DELETE CASCADE ON UPDATE CASCADE
);

-- Grants as for every tenant table (20260418000100_tenant_isolation); explicit, so it
-- stays right when another role migrates.
GRANT SELECT, INSERT, UPDATE, DELETE ON virtual_session_bandwidth_changes TO virtual_care_app;

-- Row-level security as on virtual_session_participants: the tenant policy, the
-- worker's cross-tenant sweeps, and a patient's own sessions only.
ALTER TABLE virtual_session_bandwidth_changes ENABLE ROW LEVEL SECURITY;
ALTER TABLE virtual_session_bandwidth_changes FORCE ROW LEVEL SECURITY;
CREATE POLICY virtual_session_bandwidth_changes_tenant_isolation
    ON virtual_session_bandwidth_changes
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
CREATE POLICY virtual_session_bandwidth_changes_worker_all_tenants
    ON virtual_session_bandwidth_changes TO virtual_care_worker
    USING (true) WITH CHECK (true);
-- The session sub-select is itself under both policies of virtual_sessions.
CREATE POLICY virtual_session_bandwidth_changes_patient_own
    ON virtual_session_bandwidth_changes AS RESTRICTIVE
    USING (
        coalesce(current_setting('app.patient_id', true), '') = ''
        OR EXISTS (
            SELECT 1 FROM virtual_sessions s
            WHERE s.id = virtual_session_bandwidth_changes.session_id
        )
    );
