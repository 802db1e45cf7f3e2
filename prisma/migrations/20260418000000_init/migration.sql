-- Virtual Care: tables, constraints and indexes.
-- The seed's tables (data model 000) keep its names, defaults, checks and indexes;
-- the platform tables (tenants, users, ...) are what the product needs besides.

-- ---------------------------------------------------------------------------
-- Platform tables
-- ---------------------------------------------------------------------------

CREATE TABLE tenants (
    id                    UUID        NOT NULL DEFAULT gen_random_uuid(),
    name                  TEXT        NOT NULL,
    slug                  TEXT        NOT NULL,
    virtual_care_licensed BOOLEAN     NOT NULL DEFAULT FALSE,
    created_at            TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    CONSTRAINT tenants_pkey PRIMARY KEY (id)
);
CREATE UNIQUE INDEX tenants_slug_key ON tenants (slug);

CREATE TABLE users (
    id            UUID        NOT NULL DEFAULT gen_random_uuid(),
    email         TEXT        NOT NULL,
    name          TEXT        NOT NULL,
    password_hash TEXT,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    CONSTRAINT users_pkey PRIMARY KEY (id),
    -- Stored lower-cased so the unique index is case-insensitive in effect.
    CONSTRAINT users_email_lower_check CHECK (email = lower(email))
);
CREATE UNIQUE INDEX users_email_key ON users (email);

CREATE TABLE tenant_memberships (
    id        UUID NOT NULL DEFAULT gen_random_uuid(),
    tenant_id UUID NOT NULL,
    user_id   UUID NOT NULL,
    role      TEXT NOT NULL,
    CONSTRAINT tenant_memberships_pkey PRIMARY KEY (id),
    CONSTRAINT tenant_memberships_role_check
        CHECK (role IN ('clinician', 'tenant_admin', 'patient')),
    CONSTRAINT tenant_memberships_tenant_id_fkey FOREIGN KEY (tenant_id)
        REFERENCES tenants (id) ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT tenant_memberships_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES users (id) ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX uq_tenant_memberships_tenant_user_role
    ON tenant_memberships (tenant_id, user_id, role);
CREATE INDEX ix_tenant_memberships_user ON tenant_memberships (user_id);

CREATE TABLE auth_accounts (
    id                  UUID NOT NULL DEFAULT gen_random_uuid(),
    user_id             UUID NOT NULL,
    provider            TEXT NOT NULL,
    provider_account_id TEXT NOT NULL,
    CONSTRAINT auth_accounts_pkey PRIMARY KEY (id),
    CONSTRAINT auth_accounts_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES users (id) ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX uq_auth_accounts_provider_account
    ON auth_accounts (provider, provider_account_id);
CREATE INDEX ix_auth_accounts_user ON auth_accounts (user_id);

CREATE TABLE sign_in_attempts (
    id           BIGSERIAL   NOT NULL,
    key          TEXT        NOT NULL,
    attempted_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    succeeded    BOOLEAN     NOT NULL,
    CONSTRAINT sign_in_attempts_pkey PRIMARY KEY (id)
);
CREATE INDEX ix_sign_in_attempts_key_attempted_at ON sign_in_attempts (key, attempted_at);

-- ---------------------------------------------------------------------------
-- Tenant-scoped product tables
-- ---------------------------------------------------------------------------

CREATE TABLE patients (
    id                 UUID        NOT NULL DEFAULT gen_random_uuid(),
    tenant_id          UUID        NOT NULL,
    display_name       TEXT        NOT NULL,
    birth_date         DATE,
    preferred_language TEXT,
    user_id            UUID,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    CONSTRAINT patients_pkey PRIMARY KEY (id),
    CONSTRAINT patients_tenant_id_fkey FOREIGN KEY (tenant_id)
        REFERENCES tenants (id) ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT patients_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES users (id) ON DELETE SET NULL ON UPDATE CASCADE
);
CREATE UNIQUE INDEX uq_patients_tenant_id ON patients (tenant_id, id);
CREATE INDEX ix_patients_tenant_display_name ON patients (tenant_id, display_name);
CREATE INDEX ix_patients_user ON patients (user_id);

CREATE TABLE consent_records (
    id           TEXT        NOT NULL,
    tenant_id    UUID        NOT NULL,
    patient_id   UUID        NOT NULL,
    type         TEXT        NOT NULL,
    decision     TEXT        NOT NULL,
    text_version TEXT        NOT NULL,
    captured_at  TIMESTAMPTZ NOT NULL,
    captured_by  UUID        NOT NULL,
    method       TEXT        NOT NULL,
    CONSTRAINT consent_records_pkey PRIMARY KEY (id),
    CONSTRAINT consent_records_type_check
        CHECK (type IN ('telehealth', 'recording', 'ai_processing')),
    CONSTRAINT consent_records_decision_check CHECK (decision IN ('granted', 'revoked')),
    CONSTRAINT consent_records_method_check
        CHECK (method IN ('portal', 'verbal_attested', 'paper', 'imported')),
    -- Composite, so a consent can only name a patient of its own tenant.
    CONSTRAINT consent_records_tenant_id_patient_id_fkey FOREIGN KEY (tenant_id, patient_id)
        REFERENCES patients (tenant_id, id) ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE INDEX ix_consent_records_latest
    ON consent_records (tenant_id, patient_id, type, captured_at DESC);

CREATE TABLE idempotency_keys (
    tenant_id    UUID        NOT NULL,
    key          TEXT        NOT NULL,
    request_hash TEXT        NOT NULL,
    response     JSONB,
    status_code  INTEGER,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    CONSTRAINT idempotency_keys_pkey PRIMARY KEY (tenant_id, key),
    CONSTRAINT idempotency_keys_tenant_id_fkey FOREIGN KEY (tenant_id)
        REFERENCES tenants (id) ON DELETE CASCADE ON UPDATE CASCADE
);
-- For pruning expired keys.
CREATE INDEX ix_idempotency_keys_created_at ON idempotency_keys (created_at);

-- ---------------------------------------------------------------------------
-- Tables of the data model seed (000)
-- ---------------------------------------------------------------------------

CREATE TABLE virtual_sessions (
    id                  TEXT        NOT NULL, -- vsn_ULID
    tenant_id           UUID        NOT NULL,
    node_id             UUID        NOT NULL,
    patient_id          UUID        NOT NULL,
    appointment_id      UUID,
    encounter_id        UUID,
    initiator_id        UUID        NOT NULL,
    video_backend       TEXT        NOT NULL DEFAULT 'jitsi',
    room_name           TEXT        NOT NULL,
    room_url            TEXT        NOT NULL,
    status              TEXT        NOT NULL DEFAULT 'scheduled',
    scheduled_start     TIMESTAMPTZ NOT NULL,
    scheduled_end       TIMESTAMPTZ NOT NULL,
    actual_start        TIMESTAMPTZ,
    actual_end          TIMESTAMPTZ,
    recording_enabled   BOOLEAN     NOT NULL DEFAULT FALSE,
    recording_ref       TEXT,
    failure_reason      TEXT,
    messaging_thread_id UUID,
    version             INTEGER     NOT NULL DEFAULT 1,
    created_at          TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at          TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    CONSTRAINT virtual_sessions_pkey PRIMARY KEY (id),
    CONSTRAINT virtual_sessions_status_check
        CHECK (status IN ('scheduled', 'waiting', 'active', 'ended', 'cancelled', 'failed')),
    CONSTRAINT virtual_sessions_video_backend_check
        CHECK (video_backend IN ('jitsi', 'mediasoup', 'zoom', 'webex', 'teams')),
    CONSTRAINT virtual_sessions_schedule_check CHECK (scheduled_end > scheduled_start)
);
CREATE INDEX ix_virtual_sessions_tenant_status ON virtual_sessions (tenant_id, status);
CREATE INDEX ix_virtual_sessions_patient_id ON virtual_sessions (tenant_id, patient_id);
CREATE INDEX ix_virtual_sessions_scheduled_start ON virtual_sessions (tenant_id, scheduled_start);

CREATE TABLE virtual_session_participants (
    id             TEXT NOT NULL, -- vsp_ULID
    session_id     TEXT NOT NULL,
    tenant_id      UUID NOT NULL,
    user_id        UUID NOT NULL,
    role           TEXT NOT NULL,
    status         TEXT NOT NULL DEFAULT 'invited',
    joined_at      TIMESTAMPTZ,
    left_at        TIMESTAMPTZ,
    removed_at     TIMESTAMPTZ,
    removed_reason TEXT,
    last_seen_at   TIMESTAMPTZ,
    CONSTRAINT virtual_session_participants_pkey PRIMARY KEY (id),
    CONSTRAINT virtual_session_participants_role_check
        CHECK (role IN ('provider', 'patient', 'interpreter', 'observer')),
    CONSTRAINT virtual_session_participants_status_check
        CHECK (status IN ('invited', 'waiting', 'admitted', 'active', 'disconnected', 'removed')),
    CONSTRAINT virtual_session_participants_session_id_fkey FOREIGN KEY (session_id)
        REFERENCES virtual_sessions (id) ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX ix_virtual_session_participants_session ON virtual_session_participants (session_id);
CREATE INDEX ix_virtual_session_participants_user ON virtual_session_participants (tenant_id, user_id);

CREATE TABLE async_visits (
    id                 TEXT        NOT NULL, -- avs_ULID
    tenant_id          UUID        NOT NULL,
    patient_id         UUID        NOT NULL,
    appointment_id     UUID,
    provider_id        UUID,
    chief_complaint    TEXT        NOT NULL,
    attachment_refs    TEXT[]      NOT NULL DEFAULT '{}',
    status             TEXT        NOT NULL DEFAULT 'submitted',
    client_mutation_id TEXT        NOT NULL,
    submitted_at       TIMESTAMPTZ,
    responded_at       TIMESTAMPTZ,
    encounter_id       UUID,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    CONSTRAINT async_visits_pkey PRIMARY KEY (id),
    CONSTRAINT async_visits_status_check
        CHECK (status IN ('draft', 'submitted', 'under_review', 'responded', 'closed')),
    CONSTRAINT async_visits_tenant_id_client_mutation_id_key UNIQUE (tenant_id, client_mutation_id)
);

CREATE TABLE tenant_virtual_care_config (
    tenant_id                    UUID        NOT NULL,
    default_video_backend        TEXT        NOT NULL DEFAULT 'jitsi',
    jitsi_server_url             TEXT,
    jitsi_jwt_app_id             TEXT,
    jitsi_jwt_secret_encrypted   TEXT, -- KMS-encrypted
    mediasoup_ws_url             TEXT,
    zoom_api_key_encrypted       TEXT,
    webex_client_id_encrypted    TEXT,
    teams_client_id_encrypted    TEXT,
    branding_logo_url            TEXT,
    branding_primary_color       TEXT,
    room_slug_prefix             TEXT,
    recording_enabled            BOOLEAN     NOT NULL DEFAULT FALSE,
    session_grace_minutes_before INTEGER     NOT NULL DEFAULT 15,
    session_grace_minutes_after  INTEGER     NOT NULL DEFAULT 30,
    max_participants             INTEGER     NOT NULL DEFAULT 8,
    fallback_video_backend       TEXT,
    grace_reconnect_seconds      INTEGER     NOT NULL DEFAULT 60,
    version                      INTEGER     NOT NULL DEFAULT 1,
    updated_at                   TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    CONSTRAINT tenant_virtual_care_config_pkey PRIMARY KEY (tenant_id),
    CONSTRAINT tenant_virtual_care_config_default_video_backend_check
        CHECK (default_video_backend IN ('jitsi', 'mediasoup', 'zoom', 'webex', 'teams')),
    CONSTRAINT tenant_virtual_care_config_fallback_video_backend_check
        CHECK (fallback_video_backend IN ('jitsi', 'mediasoup', 'zoom', 'webex', 'teams')),
    CONSTRAINT tenant_virtual_care_config_max_participants_check
        CHECK (max_participants BETWEEN 2 AND 20),
    CONSTRAINT tenant_virtual_care_config_grace_check
        CHECK (session_grace_minutes_before >= 0 AND session_grace_minutes_after >= 0),
    CONSTRAINT tenant_virtual_care_config_grace_reconnect_check
        CHECK (grace_reconnect_seconds >= 0)
);

CREATE TABLE virtual_care_outbox (
    id           UUID        NOT NULL DEFAULT gen_random_uuid(),
    tenant_id    UUID        NOT NULL,
    event_type   TEXT        NOT NULL,
    payload      JSONB       NOT NULL, -- the full event JSON (CloudEvents-ready)
    published    BOOLEAN     NOT NULL DEFAULT FALSE,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    published_at TIMESTAMPTZ,
    aggregate_id TEXT,
    -- created_at is the same for every row of one transaction; seq keeps their order.
    seq          BIGSERIAL   NOT NULL,
    CONSTRAINT virtual_care_outbox_pkey PRIMARY KEY (id)
);
CREATE INDEX ix_virtual_care_outbox_unpublished
    ON virtual_care_outbox (published, created_at) WHERE published = FALSE;
CREATE UNIQUE INDEX uq_virtual_care_outbox_seq ON virtual_care_outbox (seq);
-- The relay's claim: unpublished rows in insertion order.
CREATE INDEX ix_virtual_care_outbox_unpublished_seq
    ON virtual_care_outbox (seq) WHERE published = FALSE;
CREATE INDEX ix_virtual_care_outbox_aggregate ON virtual_care_outbox (aggregate_id, seq);
-- Pruning of published rows (partial: unpublished rows are never pruned).
CREATE INDEX ix_virtual_care_outbox_published_at
    ON virtual_care_outbox (published_at) WHERE published = TRUE;

CREATE TABLE virtual_care_inbox (
    event_id     TEXT        NOT NULL,
    event_type   TEXT        NOT NULL,
    processed_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    CONSTRAINT virtual_care_inbox_pkey PRIMARY KEY (event_id)
);
