-- An async visit's answer survives a FHIR outage (US-013), as a session's end does: the
-- visit is stored responded with encounter_id NULL and the worker's retry job creates the
-- Encounter later; a refusal for good is kept here so the job leaves the visit alone.

-- When it was refused, and what the server said: {"httpStatus": 422,
-- "outcome": <the FHIR OperationOutcome>}. Both set or both NULL. The table's RLS
-- policies (tenant isolation, a patient's own visits, the worker's) cover the new columns.
ALTER TABLE async_visits
    ADD COLUMN encounter_rejected_at TIMESTAMPTZ,
    ADD COLUMN encounter_rejection JSONB,
    ADD CONSTRAINT ck_async_visits_encounter_rejection
        CHECK ((encounter_rejected_at IS NULL) = (encounter_rejection IS NULL));

-- The retry job's scan: answered visits still awaiting their Encounter.
CREATE INDEX ix_async_visits_awaiting_encounter
    ON async_visits (tenant_id, created_at, id)
    WHERE responded_at IS NOT NULL AND encounter_id IS NULL AND encounter_rejected_at IS NULL;

-- The worker's cross-tenant scan (decision 0003) must see answered visits in every
-- tenant to know which tenants have work; it only reads across tenants (the retry
-- itself runs in each visit's tenant transaction), so the policy is SELECT only.
CREATE POLICY async_visits_worker_all_tenants
    ON async_visits FOR SELECT TO virtual_care_worker
    USING (true);
