-- A FHIR resource id is any string of [A-Za-z0-9\-.]{1,64} chosen by the FHIR server
-- (HAPI uses numbers, others ULIDs or names), not a UUID. See decision 0006.
ALTER TABLE virtual_sessions ALTER COLUMN encounter_id TYPE TEXT USING encounter_id::text;
ALTER TABLE async_visits ALTER COLUMN encounter_id TYPE TEXT USING encounter_id::text;
