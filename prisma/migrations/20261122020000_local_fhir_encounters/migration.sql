-- The demo's local FHIR Encounter store (decision 0008): when no FHIR server is
-- configured, the named local adapter keeps each validated Encounter here instead of
-- in one process's memory, so the web app, the worker's retries and every instance
-- share one copy per source, and a restart forgets nothing.
--
-- One row per conditional-create key (the session or async-visit id) and tenant: a
-- concurrent duplicate's INSERT ... ON CONFLICT DO NOTHING then reads the first row.
CREATE TABLE local_fhir_encounters (
    tenant_id  UUID        NOT NULL,
    source_id  TEXT        NOT NULL, -- vsn_ULID / avs_ULID
    id         TEXT        NOT NULL, -- local-<ulid>: the Encounter's FHIR id
    resource   JSONB       NOT NULL, -- the validated R4 Encounter, with id and meta
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    CONSTRAINT local_fhir_encounters_pkey PRIMARY KEY (tenant_id, source_id),
    CONSTRAINT uq_local_fhir_encounters_id UNIQUE (id),
    CONSTRAINT local_fhir_encounters_tenant_id_fkey FOREIGN KEY (tenant_id)
        REFERENCES tenants (id) ON DELETE CASCADE ON UPDATE CASCADE
);

-- Grants as for every tenant table (20260418000100_tenant_isolation). The default
-- privileges cover it when the same role migrates; granting explicitly keeps it right
-- when another role does. The worker's roles reach it as members of virtual_care_app.
GRANT SELECT, INSERT, UPDATE, DELETE ON local_fhir_encounters TO virtual_care_app;

-- Row-level security: the tenant policy every tenant table has. No worker-wide policy:
-- the worker's Encounter retries run in the session's tenant, never across tenants.
ALTER TABLE local_fhir_encounters ENABLE ROW LEVEL SECURITY;
ALTER TABLE local_fhir_encounters FORCE ROW LEVEL SECURITY;
CREATE POLICY local_fhir_encounters_tenant_isolation ON local_fhir_encounters
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
