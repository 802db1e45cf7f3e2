-- Store-and-forward visits (US-013): the clinician's answer, the review queue's order,
-- and a patient's own reads confined by the database.

-- What the patient reads once the visit is responded.
ALTER TABLE async_visits ADD COLUMN response_text TEXT;

-- The review queue is read oldest first, page by page, per tenant.
CREATE INDEX ix_async_visits_tenant_created ON async_visits (tenant_id, created_at, id);

-- A patient's own reads set app.patient_id (decision 0015), as for sessions: RESTRICTIVE,
-- so it narrows the tenant policy to that patient's visits; staff reads never set it.
CREATE POLICY async_visits_patient_own
    ON async_visits AS RESTRICTIVE
    USING (
        coalesce(current_setting('app.patient_id', true), '') = ''
        OR patient_id = nullif(current_setting('app.patient_id', true), '')::uuid
    );
